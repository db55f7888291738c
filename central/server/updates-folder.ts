import { serveStatic } from '@hono/node-server/serve-static';
import type { Hono } from 'hono';
import type { CentralEnv } from './kiosks';

export const UPDATES_PATH = '/updates';

/**
 * Serves a folder of releases read-only at /updates/, for a kiosk's UPDATE_URL. Public like any
 * update feed: nothing in it is secret, and a kiosk installs only what the feed's pinned Ed25519
 * signature and the sha512s in it vouch for, whoever serves the bytes. serveStatic refuses `..`,
 * encoded separators and doubled slashes, so nothing outside the folder is reachable.
 */
export function registerUpdatesFolder(app: Hono<CentralEnv>, folder: string): void {
  app.get(
    `${UPDATES_PATH}/*`,
    serveStatic({ root: folder, rewriteRequestPath: (path) => path.slice(UPDATES_PATH.length) }),
  );
}
