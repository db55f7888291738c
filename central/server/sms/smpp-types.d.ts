/**
 * The part of `smpp` 0.5.1 (MIT, no bundled types) the central uses: a client session that binds
 * as a transmitter and submits one message, and the server the integration test stands up.
 */
declare module 'smpp' {
  import type { EventEmitter } from 'node:events';

  export interface Pdu {
    command: string;
    command_status: number;
    sequence_number: number;
    system_id?: string;
    password?: string;
    source_addr?: string;
    destination_addr?: string;
    data_coding?: number;
    message_id?: string;
    short_message?: { message: string | Buffer } | Buffer | string;
    response(options?: Record<string, unknown>): Pdu;
    isResponse(): boolean;
  }

  type Reply = (pdu: Pdu) => void;

  export interface Session extends EventEmitter {
    bind_transmitter(options: Record<string, unknown>, callback: Reply): void;
    submit_sm(options: Record<string, unknown>, callback: Reply): void;
    unbind(options?: Record<string, unknown>, callback?: Reply): void;
    send(pdu: Pdu, callback?: Reply): boolean;
    close(callback?: () => void): void;
    destroy(callback?: () => void): void;
    pause(): void;
    resume(): void;
  }

  export interface Server extends EventEmitter {
    listen(port: number, host: string, callback?: () => void): this;
    close(callback?: (error?: Error) => void): this;
    address(): { port: number; address: string } | string | null;
  }

  export function connect(options: { host: string; port: number }, listener?: () => void): Session;
  export function createServer(listener: (session: Session) => void): Server;

  export const ESME_ROK: number;
  export const ESME_RBINDFAIL: number;
  export const ESME_RINVDSTADR: number;
  export const ESME_RSYSERR: number;
  export const ESME_RTHROTTLED: number;
}
