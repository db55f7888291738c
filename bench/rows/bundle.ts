import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { notMeasured, row, type BenchRow } from '../report';

const assets = resolve(import.meta.dirname, '../../out/renderer/assets');

/** The renderer's JavaScript as the kiosk loads it, gzipped (what `npm run build` left in out/renderer). */
export function bundleRows(): BenchRow[] {
  if (!existsSync(assets))
    return [
      notMeasured(
        'renderer bundle JS, gzipped',
        'KB',
        '< 150 KB',
        'out/renderer is not built: run `npm run build` first',
      ),
    ];
  const files = readdirSync(assets).filter((f) => f.endsWith('.js'));
  const raw = files.map((f) => readFileSync(join(assets, f)));
  const gzipped = raw.reduce((sum, bytes) => sum + gzipSync(bytes, { level: 9 }).length, 0) / 1024;
  const plain = raw.reduce((sum, bytes) => sum + bytes.length, 0) / 1024;
  return [
    row(
      'renderer bundle JS, gzipped',
      { value: gzipped, unit: 'KB', detail: `${files.length} file(s), ${plain.toFixed(0)} KB before gzip` },
      { text: '< 150 KB', met: (v) => v < 150 },
    ),
  ];
}
