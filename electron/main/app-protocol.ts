import { extname, join, normalize, sep } from 'node:path';

/** Maps app://kiosk/<path> to a file of the built renderer; null when it would escape the folder. */
export function resolveAppFile(rendererDir: string, requestUrl: string): string | null {
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(requestUrl).pathname);
  } catch {
    return null;
  }
  if (pathname === '/' || pathname === '') pathname = '/index.html';
  if (pathname.includes('\0')) return null;
  const file = normalize(join(rendererDir, pathname));
  const root = rendererDir.endsWith(sep) ? rendererDir : rendererDir + sep;
  return file.startsWith(root) && extname(file) !== '' ? file : null;
}
