import { pino } from 'pino';

export type Logger = pino.Logger;

/**
 * JSON lines to stderr (stdout belongs to command output such as `inspect`).
 * Context object first, never message bodies or secrets.
 */
export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'listscribe' } }, pino.destination(2));
}

export const silentLogger: Logger = pino({ level: 'silent' });
