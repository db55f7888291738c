import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { notMeasured, row, type BenchRow } from '../report';

const renderer = resolve(import.meta.dirname, '../../out/renderer');
const assets = join(renderer, 'assets');

/** Scripts the page loads before its first paint: those index.html names, and what they import statically. */
export function firstPaintScripts(indexHtml: string, read: (file: string) => string): string[] {
  const named = [...indexHtml.matchAll(/<(?:script|link)[^>]*(?:src|href)="\.\/assets\/([^"]+\.js)"/g)].map(
    (m) => m[1]!,
  );
  const seen = new Set<string>();
  const queue = [...named];
  while (queue.length > 0) {
    const file = queue.shift()!;
    if (seen.has(file)) continue;
    seen.add(file);
    // `import … from "./x.js"` and `import "./x.js"` load before the module runs; `import("./x.js")`
    // (a lazy screen) has a parenthesis and is left out
    for (const m of read(file).matchAll(/(?:\bfrom|\bimport)\s*["']\.\/([^"']+\.js)["']/g)) queue.push(m[1]!);
  }
  return [...seen];
}

/**
 * The renderer's JavaScript as the kiosk loads it for a person's first paint, gzipped (what
 * `npm run build` left in out/renderer); the lazy chunks (staff, technician, supervisor screens)
 * are reported in the detail, not counted.
 */
export function bundleRows(): BenchRow[] {
  if (!existsSync(join(renderer, 'index.html')))
    return [
      notMeasured(
        'renderer bundle JS, gzipped',
        'KB',
        '< 150 KB',
        'out/renderer is not built: run `npm run build` first',
      ),
    ];
  const read = (f: string) => readFileSync(join(assets, f), 'utf8');
  const gz = (f: string) => gzipSync(readFileSync(join(assets, f)), { level: 9 }).length / 1024;
  const all = readdirSync(assets).filter((f) => f.endsWith('.js'));
  const first = firstPaintScripts(readFileSync(join(renderer, 'index.html'), 'utf8'), read);
  const lazy = all.filter((f) => !first.includes(f));
  const firstGz = first.reduce((sum, f) => sum + gz(f), 0);
  const lazyGz = lazy.reduce((sum, f) => sum + gz(f), 0);
  const plain = first.reduce((sum, f) => sum + read(f).length, 0) / 1024;
  return [
    row(
      'renderer bundle JS at first paint, gzipped',
      {
        value: firstGz,
        unit: 'KB',
        detail: `${first.length} file(s), ${plain.toFixed(0)} KB before gzip; lazy chunks not counted: ${lazy.length} file(s), ${lazyGz.toFixed(1)} KB gzipped`,
      },
      { text: '< 150 KB', met: (v) => v < 150 },
    ),
  ];
}
