import { LiveEvent, STAFF_SESSION_HEADER } from '../../../domain/fleet';
import type { StreamingCentralClient } from '../../../central/client';

/** One Server-Sent Event as read off the stream. */
export type SseMessage = { id: string | null; event: string; data: string };

/**
 * Splits an SSE byte stream into messages (WHATWG "event stream" format: `field: value` lines, a
 * blank line ends a message, lines starting with ':' are comments such as the keep-alive).
 */
export function createSseParser(onMessage: (message: SseMessage) => void) {
  let buffer = '';
  return (chunk: string): void => {
    buffer += chunk.replace(/\r\n?/g, '\n');
    let end: number;
    while ((end = buffer.indexOf('\n\n')) !== -1) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let id: string | null = null;
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line === '' || line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon === -1 ? line : line.slice(0, colon);
        const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'id') id = value;
        else if (field === 'event') event = value;
        else if (field === 'data') data.push(value);
      }
      if (data.length > 0) onMessage({ id, event, data: data.join('\n') });
    }
  };
}

export type LiveSubscription = { close(): void };

/**
 * Follows the central's live view with a staff session token: on a dropped stream it reconnects
 * after a second with Last-Event-ID, so the central sends only what was missed.
 */
export function followLiveView(options: {
  client: StreamingCentralClient;
  token: string;
  onEvent: (event: LiveEvent) => void;
  onConnected: (connected: boolean) => void;
  retryMs?: number;
}): LiveSubscription {
  const controller = new AbortController();
  let lastEventId: string | null = null;
  const run = async (): Promise<void> => {
    while (!controller.signal.aborted) {
      const headers: Record<string, string> = { [STAFF_SESSION_HEADER]: options.token };
      if (lastEventId) headers['last-event-id'] = lastEventId;
      const opened = await options.client.stream('live', headers, controller.signal);
      if (opened.ok && opened.value.body) {
        options.onConnected(true);
        const parse = createSseParser((message) => {
          if (message.id) lastEventId = message.id;
          const parsed = LiveEvent.safeParse(JSON.parse(message.data));
          if (parsed.success) options.onEvent(parsed.data);
        });
        const decoder = new TextDecoder();
        try {
          for await (const chunk of opened.value.body as AsyncIterable<Uint8Array>)
            parse(decoder.decode(chunk, { stream: true }));
        } catch {
          // the stream broke (central gone, network): reconnect below
        }
      } else if (!opened.ok && opened.failure.kind === 'rejected') {
        // the staff session expired or was refused: no point retrying with it
        options.onConnected(false);
        return;
      }
      options.onConnected(false);
      if (controller.signal.aborted) return;
      await new Promise((resolve) => setTimeout(resolve, options.retryMs ?? 1_000).unref());
    }
  };
  void run();
  return { close: () => controller.abort() };
}
