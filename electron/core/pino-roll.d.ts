/** pino-roll ships no types: the part of its API the kiosk log uses. */
declare module 'pino-roll' {
  import type { DestinationStream } from 'pino';
  type RollOptions = {
    file: string;
    size?: string | number;
    limit?: { count?: number };
    extension?: string;
    mkdir?: boolean;
    minLength?: number;
  };
  type RollStream = DestinationStream & {
    flush(callback?: (error?: Error) => void): void;
    flushSync(): void;
    end(): void;
    once(event: 'close' | 'finish' | 'ready', listener: () => void): void;
  };
  export default function pinoRoll(options: RollOptions): Promise<RollStream>;
}
