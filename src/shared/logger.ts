import { createRequire } from 'node:module';
import { pino } from 'pino';
import type pinoPretty from 'pino-pretty';

// pino-pretty is loaded only for readable logs: a service logging JSON never needs it.
const require = createRequire(import.meta.url);

export type Logger = pino.Logger;

export type LogFormat = 'auto' | 'json' | 'pretty';

/**
 * Logs go to stderr (stdout belongs to command output such as `inspect`): JSON lines
 * for a log collector, or readable lines for a person at a terminal (`auto` picks by
 * whether stderr is one). Context object first, never message bodies or secrets.
 *
 * pino-pretty runs as a plain stream in this thread rather than as a pino transport:
 * a transport is a worker thread whose last lines can be lost when the process
 * exits right after a shutdown message.
 */
export function createLogger(level: string, output: { format?: LogFormat; terminal?: boolean } = {}): Logger {
  const options = { level, base: { service: 'listscribe' } };
  const readable = output.format === 'pretty' || (output.format === 'auto' && output.terminal === true);
  if (!readable) return pino(options, pino.destination({ fd: 2, sync: true }));
  const pretty = require('pino-pretty') as typeof pinoPretty;
  return pino(
    options,
    pretty({
      destination: 2,
      sync: true,
      colorize: output.terminal === true,
      ignore: 'pid,hostname,service',
      translateTime: 'SYS:HH:MM:ss.l',
    }),
  );
}

export const silentLogger: Logger = pino({ level: 'silent' });
