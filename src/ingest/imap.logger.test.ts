import { ImapFlow } from 'imapflow';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { imapflowLogger } from './imap.source.js';

/** A pino logger at `level` whose entries land in `lines`. */
function capture(level: string): { log: pino.Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const log = pino({ level }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { log, lines };
}

/** What imapflow itself concludes from the logger it is given (it asks before serializing wire traffic). */
function imapflowSees(log: pino.Logger, level: string): boolean {
  const client = new ImapFlow({
    host: '127.0.0.1',
    port: 1,
    auth: { user: 'u', pass: 'p' },
    logger: imapflowLogger(log),
  });
  return (client as unknown as { isLogLevelEnabled(level: string): boolean }).isLogLevelEnabled(level);
}

describe('the logger handed to imapflow', () => {
  it('says trace reaches nobody, so FETCH responses are not serialized for the log', () => {
    expect(imapflowSees(capture('trace').log, 'trace')).toBe(false);
    expect(imapflowSees(capture('info').log, 'trace')).toBe(false);
  });

  it('says debug is on only when our log takes debug', () => {
    expect(imapflowSees(capture('info').log, 'debug')).toBe(false);
    expect(imapflowSees(capture('debug').log, 'debug')).toBe(true);
    expect(imapflowSees(capture('info').log, 'warn')).toBe(true);
  });

  it('forwards imapflow’s own entries at debug and drops wire traffic, which carries bodies and passwords', () => {
    const { log, lines } = capture('debug');
    const logger = imapflowLogger(log);
    logger.info?.({ msg: 'Connection established', cid: 'x1' });
    logger.debug?.({ src: 'c', msg: '1 LOGIN "u" "secret"', cid: 'x1' });
    logger.trace?.({ src: 's', msg: '* 1 FETCH (BODY[] {12}…)', cid: 'x1' });
    expect(lines.map((l) => [l.level, l.msg, l.imapflow])).toEqual([[20, 'Connection established', true]]);
  });
});
