/**
 * Live latency: messages APPENDed one by one while listscribe's IMAP source sits in IDLE. For each
 * APPEND two clocks start together: a bare imapflow client in IDLE on the same mailbox (the
 * server's own notification latency, which listscribe cannot beat) and the commit of the
 * message's record, as the ingest process reports it (what listscribe adds on top: NOOP, two
 * FETCHes, parse, commit). Times are milliseconds since the epoch from `performance`, which both
 * processes share.
 *
 * The pause between messages must outlast Dovecot's notification window. Dovecot tells an IDLE
 * session of a change 500 ms after the first file event it sees (NOTIFY_DELAY_MSECS in
 * lib-storage/mailbox-watch.c: a one-shot timer that later events do not move). Every session's
 * own FETCHes and index updates are file events too, so with a short pause the bare client's timer
 * is still running from the previous message when the next APPEND lands (armed by listscribe's
 * FETCH, or by its own sync after EXISTS: it never leaves IDLE), and it hears of the message
 * anywhere in the remaining half second; listscribe, which leaves IDLE to fetch and starts a fresh
 * one after its commit, waits the whole 500 ms. With 50 ms pauses the bare client looked ~50 ms
 * (alone) to ~250 ms (side by side) faster than a fresh IDLE can be, which measured Dovecot's
 * timer, not listscribe. A pause of more than 500 ms after both have heard of a message gives
 * each APPEND a quiet mailbox, as list mail arriving minutes apart has.
 */
import { ImapFlow } from 'imapflow';

export interface LiveOptions {
  imap: { host: string; port: number; user: string; pass: string };
  count: number;
  message: (i: number) => { raw: Buffer };
  /** When the message with this uid was committed (epoch ms); rejects after the timeout. */
  storedAt: (uid: number, timeoutMs: number) => Promise<number>;
  /** Pause after both clocks have stopped; more than Dovecot's 500 ms window (see above). */
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
  const exists = existsClock(watcher);
  // Nothing else is sent on this connection, but an IDLE can still end: whenever it does, the
  // watcher goes straight back into IDLE (a new IDLE reports what changed meanwhile at once).
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
      // EXISTS carries the new message count, not a uid: this APPEND makes it one more.
      const count = exists.count() + 1;
      const started = epochNow();
      const appended = await appender.append('INBOX', raw);
      if (!appended || typeof appended.uid !== 'number') throw new Error('APPEND returned no uid');
      const [stored, notified] = await Promise.all([
        opts.storedAt(appended.uid, timeoutMs),
        exists.at(count, timeoutMs),
      ]);
      idleMs.push(notified - started);
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

/** When the watcher heard of each message count (EXISTS), and a wait for the ones still to come. */
function existsClock(watcher: ImapFlow): {
  count(): number;
  at(count: number, timeoutMs: number): Promise<number>;
} {
  let current = watcher.mailbox ? watcher.mailbox.exists : 0;
  const heard = new Map<number, number>();
  const waiting = new Map<number, (at: number) => void>();
  watcher.on('exists', (data: { count: number }) => {
    const at = epochNow();
    current = data.count;
    heard.set(data.count, at);
    waiting.get(data.count)?.(at);
    waiting.delete(data.count);
  });
  return {
    count: () => current,
    at(count, timeoutMs) {
      const at = heard.get(count);
      if (at !== undefined) return Promise.resolve(at);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.delete(count);
          const state = watcher.usable ? 'open' : 'closed';
          reject(
            new Error(
              `the bare IDLE client heard of no EXISTS ${count} within ${timeoutMs} ms (connection ${state})`,
            ),
          );
        }, timeoutMs);
        waiting.set(count, (value) => {
          clearTimeout(timer);
          resolve(value);
        });
      });
    },
  };
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
