import pg from 'pg';

/**
 * Fan-out between central nodes over PostgreSQL LISTEN/NOTIFY: a node publishes a small JSON
 * message (a kiosk's state changed, a help request) and every node, itself included, hears it
 * and pushes it to the supervisors connected to it. Needs no service beyond the database. A
 * message is at most NOTIFY's 8000 bytes and is not stored: a node that was disconnected misses
 * what was said meanwhile, so a live view re-reads its state after `onListening` fires again.
 */
export type PgNotifier<T> = {
  publish(message: T): Promise<void>;
  /** returns the unsubscribe */
  subscribe(handler: (message: T) => void): () => void;
  /** called each time LISTEN is (re)established: first start and after every reconnect */
  onListening(handler: () => void): () => void;
  close(): Promise<void>;
};

export type PgNotifierOptions<T> = {
  url: string;
  /** a plain identifier: lower case letters, digits and _ */
  channel: string;
  /** checks what arrives (zod's parse fits): a message that does not pass is dropped */
  parse: (raw: unknown) => T;
  /** first reconnect delay; doubled up to maxBackoffMs */
  backoffMs?: number;
  maxBackoffMs?: number;
  onError?: (error: Error) => void;
};

const CHANNEL = /^[a-z_][a-z0-9_]{0,62}$/;
export const MAX_NOTIFY_BYTES = 7999;

export async function createPgNotifier<T>(options: PgNotifierOptions<T>): Promise<PgNotifier<T>> {
  if (!CHANNEL.test(options.channel)) throw new Error(`invalid channel name: ${options.channel}`);
  const handlers = new Set<(message: T) => void>();
  const listening = new Set<() => void>();
  const onError = options.onError ?? (() => undefined);
  // publishing borrows any connection; listening keeps one of its own
  const publisher = new pg.Pool({ connectionString: options.url, max: 1 });
  publisher.on('error', onError);
  let listener: pg.Client | null = null;
  let closed = false;
  let backoff = options.backoffMs ?? 100;
  let retry: NodeJS.Timeout | null = null;

  const deliver = (payload: string | undefined) => {
    let message: T;
    try {
      message = options.parse(JSON.parse(payload ?? 'null'));
    } catch {
      return; // not ours, or malformed: never let one bad message stop the others
    }
    for (const h of handlers) h(message);
  };

  const connect = async (): Promise<void> => {
    const client = new pg.Client({ connectionString: options.url });
    client.on('notification', (n) => {
      if (n.channel === options.channel) deliver(n.payload);
    });
    const lost = (error?: Error) => {
      if (error) onError(error);
      if (listener !== client) return;
      listener = null;
      client.removeAllListeners('notification');
      void client.end().catch(() => undefined);
      scheduleReconnect();
    };
    client.on('error', lost);
    client.on('end', () => lost());
    await client.connect();
    await client.query(`listen ${options.channel}`);
    if (closed) {
      await client.end();
      return;
    }
    listener = client;
    backoff = options.backoffMs ?? 100;
    for (const h of listening) h();
  };

  const scheduleReconnect = () => {
    if (closed || retry) return;
    retry = setTimeout(() => {
      retry = null;
      connect().catch((error: Error) => {
        onError(error);
        backoff = Math.min(backoff * 2, options.maxBackoffMs ?? 5000);
        scheduleReconnect();
      });
    }, backoff);
  };

  await connect();

  return {
    async publish(message) {
      const payload = JSON.stringify(message);
      if (Buffer.byteLength(payload) > MAX_NOTIFY_BYTES) throw new Error('notify payload over 8000 bytes');
      await publisher.query('select pg_notify($1, $2)', [options.channel, payload]);
    },
    subscribe(handler) {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    onListening(handler) {
      listening.add(handler);
      return () => listening.delete(handler);
    },
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      const client = listener;
      listener = null;
      await client?.end().catch(() => undefined);
      await publisher.end();
    },
  };
}
