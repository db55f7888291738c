import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
};

export type StaticFile = { status: 200; body: Buffer; type: string; immutable: boolean } | { status: 404 };

/** Resolves a URL path inside the built renderer; anything that escapes the folder is a 404. */
export async function readStatic(root: string, urlPath: string): Promise<StaticFile> {
  let path: string;
  try {
    path = decodeURIComponent(urlPath.split('?')[0] ?? '/');
  } catch {
    return { status: 404 };
  }
  if (path === '/' || path === '') path = '/index.html';
  if (path.includes('\0')) return { status: 404 };
  const file = normalize(join(root, path));
  if (!file.startsWith(root.endsWith(sep) ? root : root + sep)) return { status: 404 };
  try {
    if (!(await stat(file)).isFile()) return { status: 404 };
    return {
      status: 200,
      body: await readFile(file),
      type: types[extname(file)] ?? 'application/octet-stream',
      immutable: path.startsWith('/assets/'),
    };
  } catch {
    return { status: 404 };
  }
}
