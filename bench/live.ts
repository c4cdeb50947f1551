/**
 * Live latency: messages APPENDed one by one while listscribe's IMAP source sits in IDLE. For each
 * APPEND two clocks start together: a bare imapflow client in IDLE on the same mailbox (the
 * server's own notification latency, which listscribe cannot beat) and a poll for the message's
 * row in the database (what listscribe adds on top: NOOP, two FETCHes, parse, commit).
 */
import { ImapFlow } from 'imapflow';

export interface LiveOptions {
  imap: { host: string; port: number; user: string; pass: string };
  count: number;
  message: (i: number) => { messageId: string; raw: Buffer };
  /** True once the message's row is committed. */
  isStored: (messageId: string) => Promise<boolean>;
  /** Pause between messages, so each arrival is measured on its own. */
  gapMs: number;
  timeoutMs?: number;
}

export interface LiveFigures {
  idleMs: number[];
  storedMs: number[];
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

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
  // Nothing else is sent on this connection, so the IDLE lasts until logout.
  watcher.idle().catch(() => {});
  await sleep(200);

  const idleMs: number[] = [];
  const storedMs: number[] = [];
  try {
    for (let i = 0; i < opts.count; i++) {
      const { messageId, raw } = opts.message(i);
      const notified = new Promise<number>((resolve) => {
        onExists = () => resolve(performance.now());
      });
      const started = performance.now();
      await appender.append('INBOX', raw);
      let stored: number | null = null;
      while (stored === null) {
        if (await opts.isStored(messageId)) stored = performance.now();
        else if (performance.now() - started > timeoutMs)
          throw new Error(`message ${i} was not stored within ${timeoutMs} ms`);
        else await sleep(2);
      }
      const idleAt = await Promise.race([notified, sleep(timeoutMs).then(() => Number.NaN)]);
      onExists = null;
      idleMs.push(idleAt - started);
      storedMs.push(stored - started);
      await sleep(opts.gapMs);
    }
  } finally {
    lock.release();
    await Promise.all([
      watcher.logout().catch(() => watcher.close()),
      appender.logout().catch(() => appender.close()),
    ]);
  }
  return { idleMs, storedMs };
}
