import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { WS_PATH } from '../contract/api';
import type { KioskCore } from '../core/terminal';
import type { DemoMailbox } from '../core/boot';
import { bridgeSocket, SOCKET_MAX_PAYLOAD } from './bridge';
import { MAILBOX_CSP, renderMailbox } from './mailbox-page';
import { securityHeaders } from '../core/security-headers';
import { readStatic } from './static';

export type WebHostOptions = {
  core: KioskCore;
  port: number;
  rendererDir: string;
  /** demo only: the built-in capture mailbox, shown at /buzon when no SMTP server is configured */
  mailbox: DemoMailbox | null;
};

export type WebHost = { url: string; port: number; close(): Promise<void> };

/**
 * Serves the built renderer and the kiosk contract over a WebSocket, so the real UI runs in a
 * browser for e2e tests and demos with the same core Electron uses.
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const server = createServer((req, res) => void serve(req, res, options));
  const sockets = new WebSocketServer({ noServer: true, maxPayload: SOCKET_MAX_PAYLOAD });

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    // same-origin only: a page elsewhere must not drive this kiosk's core
    if (url.pathname !== WS_PATH || !sameOrigin(req)) {
      socket.write('HTTP/1.1 403 Forbidden\r\n\r\n');
      socket.destroy();
      return;
    }
    sockets.handleUpgrade(req, socket, head, (ws) => bridgeSocket(ws, options.core.openTerminal()));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    async close() {
      for (const client of sockets.clients) client.close(1001, 'host closing');
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function sameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  const host = req.headers.host;
  if (!origin || !host) return false;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

async function serve(req: IncomingMessage, res: ServerResponse, options: WebHostOptions): Promise<void> {
  for (const [name, value] of Object.entries(securityHeaders)) res.setHeader(name, value);
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405).end();
    return;
  }
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  if (path === '/health') {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    return;
  }
  if (path === '/buzon' && options.mailbox) {
    res
      .writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        'content-security-policy': MAILBOX_CSP,
      })
      .end(renderMailbox(options.mailbox.list()));
    return;
  }
  const file = await readStatic(options.rendererDir, path);
  if (file.status === 404) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
    return;
  }
  res.writeHead(200, {
    'content-type': file.type,
    'cache-control': file.immutable ? 'public, max-age=31536000, immutable' : 'no-store',
  });
  res.end(req.method === 'HEAD' ? undefined : file.body);
}
