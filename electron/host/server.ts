import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { WS_PATH } from '../contract/api';
import type { KioskCore } from '../core/terminal';
import type { DemoMailbox, DemoSmsOutbox } from '../core/boot';
import { bridgeSocket, SOCKET_MAX_PAYLOAD } from './bridge';
import type { SocketBudgets } from './budgets';
import { allowedHosts, bodyTooLarge, isLoopbackAddress, sameOrigin } from './request-guards';
import { MAILBOX_CSP, renderMailbox } from './mailbox-page';
import { securityHeaders } from '../core/security-headers';
import { readStatic } from './static';

export type WebHostOptions = {
  core: KioskCore;
  port: number;
  rendererDir: string;
  /**
   * Demo mode only (embedded central, no SMTP_URL): the capture mailbox shown at /buzon. Null
   * otherwise, and then /buzon does not exist. It lists every link and code sent, so it is
   * served to loopback clients only.
   */
  mailbox: DemoMailbox | null;
  /** Demo mode only (embedded central, no SMS_URL): the captured SMS codes, also at /buzon. */
  smsOutbox?: DemoSmsOutbox | null;
  /** what one socket may spend of the kiosk-wide budgets (see budgets.ts) */
  budgets: SocketBudgets;
};

export type WebHost = { url: string; port: number; close(): Promise<void> };

/**
 * Serves the built renderer and the kiosk contract over a WebSocket, so the real UI runs in a
 * browser for e2e tests and demos with the same core Electron uses. It listens on 127.0.0.1
 * and answers only requests addressed to its own loopback names: a page on another site whose
 * name was rebound to 127.0.0.1 (DNS rebinding) sends its own name as Host and is refused.
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  let hosts: ReadonlySet<string> = new Set();
  const server = createServer((req, res) => void serve(req, res, options, hosts));
  const sockets = new WebSocketServer({ noServer: true, maxPayload: SOCKET_MAX_PAYLOAD });

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    // same-origin only, and that origin one of this host's own names: a page elsewhere must not
    // drive this kiosk's core
    if (url.pathname !== WS_PATH || !hosts.has(req.headers.host ?? '') || !sameOrigin(req.headers)) {
      refuseUpgrade(socket);
      return;
    }
    sockets.handleUpgrade(req, socket, head, (ws) => bridgeSocket(ws, options.core.openTerminal(), options.budgets));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  hosts = allowedHosts(port);
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

function refuseUpgrade(socket: Duplex): void {
  socket.write('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  socket.destroy();
}

async function serve(
  req: IncomingMessage,
  res: ServerResponse,
  options: WebHostOptions,
  hosts: ReadonlySet<string>,
): Promise<void> {
  for (const [name, value] of Object.entries(securityHeaders)) res.setHeader(name, value);
  if (!hosts.has(req.headers.host ?? '')) {
    res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' }).end('Forbidden');
    return;
  }
  // the host reads no request body at all; one that announces more than a frame is refused
  // before a byte of it is kept, and the connection closes so the rest is never read
  if (bodyTooLarge(req.headers)) {
    res.writeHead(413, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' }).end('Too large');
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { connection: 'close' }).end();
    return;
  }
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  if (path === '/health') {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    return;
  }
  if (path === '/buzon' && (options.mailbox || options.smsOutbox) && isLoopbackAddress(req.socket.remoteAddress)) {
    res
      .writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        'content-security-policy': MAILBOX_CSP,
      })
      .end(renderMailbox(options.mailbox?.list() ?? [], options.smsOutbox?.list() ?? []));
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
