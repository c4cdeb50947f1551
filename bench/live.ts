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
  /**
   * Messages whose EXISTS the bare client never heard because its connection dropped (it is
   * opened again for the next one): their stored time is kept, their IDLE time is not.
   */
  idleLost: number;
  /** Why the bare client's connection dropped, when it did. */
  idleDrops: string[];
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
export const epochNow = (): number => performance.timeOrigin + performance.now();

function client(imap: LiveOptions['imap'], onError?: (error: Error) => void): ImapFlow {
  const c = new ImapFlow({
    host: imap.host,
    port: imap.port,
    secure: false,
    doSTARTTLS: false,
    auth: { user: imap.user, pass: imap.pass },
    logger: false,
    disableAutoIdle: true,
  });
  c.on('error', (error: Error) => onError?.(error));
  return c;
}

export async function measureLive(opts: LiveOptions): Promise<LiveFigures> {
  const timeoutMs = opts.timeoutMs ?? 15_000;
  const appender = client(opts.imap);
  await appender.connect();
  const watcher = await bareIdleClient(opts.imap);

  const idleMs: number[] = [];
  const storedMs: number[] = [];
  let idleLost = 0;
  try {
    for (let i = 0; i < opts.count; i++) {
      const { raw } = opts.message(i);
      // EXISTS carries the new message count, not a uid: this APPEND makes it one more.
      const count = watcher.count() + 1;
      const started = epochNow();
      const appended = await appender.append('INBOX', raw);
      if (!appended || typeof appended.uid !== 'number') throw new Error('APPEND returned no uid');
      const [stored, notified] = await Promise.all([
        opts.storedAt(appended.uid, timeoutMs),
        watcher.heard(count, timeoutMs),
      ]);
      storedMs.push(stored - started);
      if (notified === null) {
        idleLost++;
        // More than a few: the comparison would no longer be one.
        if (idleLost > Math.max(3, opts.count / 20))
          throw new Error(`the bare IDLE client lost ${idleLost} messages: ${watcher.drops.join('; ')}`);
        await watcher.reopen();
      } else idleMs.push(notified - started);
      await sleep(opts.gapMs);
    }
  } finally {
    await Promise.all([watcher.close(), appender.logout().catch(() => appender.close())]);
  }
  return { idleMs, storedMs, idleLost, idleDrops: watcher.drops };
}

/**
 * A bare imapflow client in IDLE on INBOX, and when it heard of each message count (EXISTS).
 * Nothing is sent on its connection, but an IDLE can still end (it goes straight back in) and
 * the connection can still drop (a full run lost it twice, both times after 185 live messages):
 * then `heard` answers null for the message in flight, and `reopen` connects again.
 */
async function bareIdleClient(imap: LiveOptions['imap']): Promise<{
  count(): number;
  heard(count: number, timeoutMs: number): Promise<number | null>;
  reopen(): Promise<void>;
  close(): Promise<void>;
  drops: string[];
}> {
  const drops: string[] = [];
  let current = 0;
  const heard = new Map<number, number>();
  const waiting = new Map<number, (at: number | null) => void>();
  let session: { c: ImapFlow; watching: boolean; idling: Promise<void>; release: () => void } | null = null;

  const open = async (): Promise<void> => {
    let lastError = '';
    const c = client(imap, (error) => {
      lastError = error.message;
    });
    await c.connect();
    const lock = await c.getMailboxLock('INBOX');
    current = c.mailbox ? c.mailbox.exists : 0;
    c.on('exists', (data: { count: number }) => {
      const at = epochNow();
      current = data.count;
      heard.set(data.count, at);
      waiting.get(data.count)?.(at);
      waiting.delete(data.count);
    });
    const state = { c, watching: true, idling: Promise.resolve(), release: () => lock.release() };
    c.on('close', () => {
      if (!state.watching) return;
      drops.push(`connection closed after EXISTS ${current}${lastError ? ` (${lastError})` : ''}`);
      for (const resolve of waiting.values()) resolve(null);
      waiting.clear();
    });
    state.idling = (async () => {
      while (state.watching && c.usable) {
        await c.idle().catch(() => {});
        if (state.watching) await sleep(5);
      }
    })();
    session = state;
    await sleep(200);
  };

  const close = async (): Promise<void> => {
    const s = session;
    session = null;
    if (!s) return;
    s.watching = false;
    s.release();
    await s.c.logout().catch(() => s.c.close());
    await s.idling;
  };

  await open();
  return {
    count: () => current,
    heard(count, timeoutMs) {
      const at = heard.get(count);
      if (at !== undefined) return Promise.resolve(at);
      if (!session?.c.usable) return Promise.resolve(null);
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          waiting.delete(count);
          drops.push(`no EXISTS ${count} within ${timeoutMs} ms`);
          resolve(null);
        }, timeoutMs);
        waiting.set(count, (value) => {
          clearTimeout(timer);
          resolve(value);
        });
      });
    },
    async reopen() {
      await close();
      await open();
    },
    close,
    drops,
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
