/**
 * Live latency: messages APPENDed one by one while listscribe's IMAP source sits in IDLE. For each
 * APPEND two clocks start together: a bare imapflow client in IDLE on the same mailbox (the
 * server's own notification latency, which listscribe cannot beat) and the commit of the
 * message's record, as the ingest process reports it (what listscribe adds on top: NOOP, two
 * FETCHes, parse, commit). Times are milliseconds since the epoch from `performance`, which both
 * processes share.
 */
import { ImapFlow } from 'imapflow';

export interface LiveOptions {
  imap: { host: string; port: number; user: string; pass: string };
  count: number;
  message: (i: number) => { raw: Buffer };
  /** When the message with this uid was committed (epoch ms); rejects after the timeout. */
  storedAt: (uid: number, timeoutMs: number) => Promise<number>;
  /** Pause between messages, so each arrival is measured on its own. */
  gapMs: number;
  timeoutMs?: number;
}

export interface LiveFigures {
  idleMs: number[];
  storedMs: number[];
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
export const epochNow = (): number => performance.timeOrigin + performance.now();

function client(imap: LiveOptions['imap']): ImapFlow {
  const c = new ImapFlow({
    host: imap.host,
    port: imap.port,
    secure: false,
    doSTARTTLS: false,
    auth: { user: imap.user, pass: imap.pass },
    logger: false,
    disableAutoIdle: true,
  });
  c.on('error', () => {});
  return c;
}

export async function measureLive(opts: LiveOptions): Promise<LiveFigures> {
  const timeoutMs = opts.timeoutMs ?? 15_000;
  const watcher = client(opts.imap);
  const appender = client(opts.imap);
  await Promise.all([watcher.connect(), appender.connect()]);
  const lock = await watcher.getMailboxLock('INBOX');
  let onExists: (() => void) | null = null;
  watcher.on('exists', () => onExists?.());
  // Nothing else is sent on this connection, but an IDLE can still end (a full run once lost
  // its watcher after ~140 s): whenever it does, the watcher goes straight back into IDLE.
  let watching = true;
  const keepIdle = async (): Promise<void> => {
    while (watching && watcher.usable) {
      await watcher.idle().catch(() => {});
      if (watching) await sleep(5);
    }
  };
  const idling = keepIdle();
  await sleep(200);

  const idleMs: number[] = [];
  const storedMs: number[] = [];
  try {
    for (let i = 0; i < opts.count; i++) {
      const { raw } = opts.message(i);
      const notified = new Promise<number>((resolve) => {
        onExists = () => resolve(epochNow());
      });
      const started = epochNow();
      const appended = await appender.append('INBOX', raw);
      if (!appended || typeof appended.uid !== 'number') throw new Error('APPEND returned no uid');
      const stored = await opts.storedAt(appended.uid, timeoutMs);
      const idleAt = await Promise.race([notified, sleep(timeoutMs).then(() => Number.NaN)]);
      onExists = null;
      if (Number.isNaN(idleAt))
        throw new Error(`no IDLE notification for message ${i} within ${timeoutMs} ms`);
      idleMs.push(idleAt - started);
      storedMs.push(stored - started);
      await sleep(opts.gapMs);
    }
  } finally {
    watching = false;
    lock.release();
    await Promise.all([
      watcher.logout().catch(() => watcher.close()),
      appender.logout().catch(() => appender.close()),
    ]);
    await idling;
  }
  return { idleMs, storedMs };
}

/**
 * Commit times reported by the ingest process, by uid, and waits for the ones not seen yet. A
 * commit can be reported before the APPEND's answer reaches us, hence the map.
 */
export function commitLog(): {
  record(uids: number[], at: number): void;
  storedAt(uid: number, timeoutMs: number): Promise<number>;
} {
  const seen = new Map<number, number>();
  const waiting = new Map<number, (at: number) => void>();
  return {
    record(uids, at) {
      for (const uid of uids) {
        seen.set(uid, at);
        waiting.get(uid)?.(at);
        waiting.delete(uid);
      }
    },
    storedAt(uid, timeoutMs) {
      const at = seen.get(uid);
      if (at !== undefined) return Promise.resolve(at);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.delete(uid);
          reject(new Error(`uid ${uid} was not stored within ${timeoutMs} ms`));
        }, timeoutMs);
        waiting.set(uid, (value) => {
          clearTimeout(timer);
          resolve(value);
        });
      });
    },
  };
}
