import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../../webhook-receiver/src/logger';

/** A real pino logger at `level` whose lines are kept in memory, to grep. */
export function capturedLogger(level: string, secrets: string[] = []): { logger: Logger; text(): string } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { logger: createLogger({ level, destination, secrets }), text: () => lines.join('') };
}
