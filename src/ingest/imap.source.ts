/**
 * The IMAP mail source: reads listscribe's own list mailbox and hands raw messages to the sink in
 * uid order, batch by batch, then waits for new mail with IDLE.
 *
 * The sink owns the checkpoint (it commits it with the records), so this file keeps only a cursor
 * for the current session and re-reads the checkpoint on every (re)connect. A batch the sink
 * rejects is never skipped: the session ends, and after the backoff the next session starts again
 * from the stored checkpoint, which fetches the same messages again.
 */
import { ImapFlow, type Logger as ImapFlowLogger } from 'imapflow';
import type { Logger } from 'pino';
import { backoffDelay } from './imap.backoff.js';
import { chunkByBytes, toUidSet } from './imap.uid-set.js';
import type { ImapSink, RawImapMessage } from './source.types.js';

export interface ImapSourceOptions {
  host: string;
  port: number;
  /** Implicit TLS (port 993). */
  secure: boolean;
  /** Without `secure`: true requires STARTTLS, false never upgrades, unset upgrades when offered. */
  starttls?: boolean;
  tlsRejectUnauthorized?: boolean;
  /** PEM of a private CA (or a self-signed server certificate) to trust. */
  ca?: string;
  user: string;
  password: string;
  /** e.g. "INBOX" */
  mailbox: string;
  /** Checkpoint key, e.g. `${user}@${host}/${mailbox}`. */
  key: string;
  /** Bigger messages are passed with raw: null, decided from RFC822.SIZE before download. */
  maxMessageBytes: number;
  /** Messages per sink batch (e.g. 100). */
  batchSize: number;
  /**
   * Bytes of message source per batch (RFC822.SIZE, default 8 MiB): with the next batch
   * downloading while this one is stored, twice this is what a backlog of large attachments
   * holds in memory, however many messages a batch of `batchSize` would have.
   */
  batchBytes?: number;
  /**
   * Periodic full check even if IDLE is silent: a dead IDLE must not stall ingest. Keep it below
   * 29 minutes, the longest a server has to keep an IDLE open (RFC 2177).
   */
  resyncIntervalMs: number;
  /**
   * How long the NOOP that opens every pass may take (default 30 s). A connection that died without
   * a word (a NAT that forgot it, a half-open TCP) keeps IDLE waiting forever and lets a command
   * hang until imapflow's 5-minute socket timeout; a live server answers NOOP at once. So the
   * periodic resync doubles as a liveness check: no answer in time, and the connection is dropped
   * and opened again.
   */
  checkTimeoutMs?: number;
  backoff: { initialMs: number; maxMs: number };
}

export interface ImapSourceState {
  connected: boolean;
  lastSyncAt: Date | null;
  lastError: string | null;
}

export interface ImapSource {
  /** Starts the read loop and returns; connection failures are retried with backoff (see `state()`). */
  start(): Promise<void>;
  /** Ends IDLE, waits for the batch in flight to be committed, logs out. */
  stop(): Promise<void>;
  /**
   * Resolves when everything in the mailbox at the time of the call has been committed (after a
   * sync pass that started after the call). Waits through reconnects, so callers that cannot wait
   * forever for an unreachable server add their own timeout; rejects when the source stops.
   */
  idle(): Promise<void>;
  state(): ImapSourceState;
}

export class ImapCheckTimeoutError extends Error {
  readonly code = 'IMAP_CHECK_TIMEOUT';
  constructor(ms: number) {
    super(`no answer to NOOP within ${ms} ms: connection presumed dead`);
    this.name = 'ImapCheckTimeoutError';
  }
}

export class ImapSinkRejectedError extends Error {
  readonly code = 'IMAP_SINK_REJECTED';
  constructor(cause: unknown) {
    super(`sink rejected the batch: ${errorText(cause)}`, { cause });
    this.name = 'ImapSinkRejectedError';
  }
}

/** After this long, stop() closes the connection instead of waiting for a clean LOGOUT. */
const STOP_FORCE_CLOSE_MS = 5_000;
/** Re-issue IDLE at least this often even with a long resync interval (RFC 2177: 29 min). */
const MAX_IDLE_MS = 25 * 60_000;
const DEFAULT_CHECK_TIMEOUT_MS = 30_000;
const DEFAULT_BATCH_BYTES = 8 * 1024 * 1024;

interface Cursor {
  uidValidity: bigint;
  lastUid: number;
}

interface Wake {
  fire: () => void;
  /** New mail and idle() wake an IDLE wait; only stop() cuts a backoff short. */
  onChange: boolean;
}

export function createImapSource(deps: {
  options: ImapSourceOptions;
  sink: ImapSink;
  logger: Logger;
}): ImapSource {
  const { options, sink } = deps;
  const log = deps.logger.child({ component: 'imap-source', mailbox: options.key });

  let running = false;
  let loop: Promise<void> | null = null;
  let client: ImapFlow | null = null;
  let connected = false;
  let lastSyncAt: Date | null = null;
  let lastError: string | null = null;
  let wake: Wake | null = null;
  /** Set by EXISTS and idle(); cleared when a pass starts, so a change during a pass runs another. */
  let changed = false;
  let passesStarted = 0;
  const syncWaiters: Array<{ afterPass: number; resolve: () => void; reject: (err: Error) => void }> = [];

  const poke = (): void => {
    changed = true;
    if (wake?.onChange) wake.fire();
  };

  const pause = (ms: number, onChange: boolean): Promise<void> =>
    new Promise((resolve) => {
      const fire = (): void => {
        clearTimeout(timer);
        if (wake?.fire === fire) wake = null;
        resolve();
      };
      const timer = setTimeout(fire, ms);
      wake = { fire, onChange };
    });

  /** NOOP, or give up on the connection when the server does not answer in time. */
  const checkAlive = async (c: ImapFlow): Promise<void> => {
    const ms = options.checkTimeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        // close() fails the NOOP (and the IDLE it waits behind) and makes the session's finally
        // skip LOGOUT, which would wait on the same dead socket.
        c.close();
        reject(new ImapCheckTimeoutError(ms));
      }, ms);
    });
    try {
      await Promise.race([c.noop(), deadline]);
    } finally {
      clearTimeout(timer);
    }
  };

  const settleSyncWaiters = (pass: number): void => {
    for (let i = syncWaiters.length - 1; i >= 0; i--) {
      const waiter = syncWaiters[i]!;
      if (waiter.afterPass <= pass) {
        syncWaiters.splice(i, 1);
        waiter.resolve();
      }
    }
  };

  const startCursor = async (c: ImapFlow): Promise<Cursor> => {
    const mailbox = c.mailbox;
    if (!mailbox) throw new Error('mailbox is not open');
    const uidValidity = mailbox.uidValidity;
    const checkpoint = await sink.getCheckpoint(options.key);
    if (!checkpoint) return { uidValidity, lastUid: 0 };
    if (checkpoint.uidValidity !== uidValidity) {
      // The server renumbered the mailbox (recreated, restored, migrated): old uids mean nothing
      // now. Reading it again from uid 1 is safe because the sink de-duplicates by Message-ID.
      log.warn(
        { stored: `${checkpoint.uidValidity}`, current: `${uidValidity}` },
        'UIDVALIDITY changed, reading the mailbox again from uid 1',
      );
      return { uidValidity, lastUid: 0 };
    }
    return { uidValidity, lastUid: checkpoint.lastUid };
  };

  /** Fetches and commits everything above the cursor; returns early only when stopping. */
  const syncPass = async (c: ImapFlow, cursor: Cursor): Promise<Cursor> => {
    const mailbox = c.mailbox;
    if (!mailbox) throw new Error('mailbox was closed by the server');
    let { uidValidity, lastUid } = cursor;
    if (mailbox.uidValidity !== uidValidity) {
      log.warn(
        { current: `${mailbox.uidValidity}` },
        'UIDVALIDITY changed in session, reading again from uid 1',
      );
      uidValidity = mailbox.uidValidity;
      lastUid = 0;
    }
    // imapflow updates the mailbox object in place on every untagged EXISTS: copy, do not keep it.
    const exists = mailbox.exists;
    if (exists === 0) return { uidValidity, lastUid };

    // Metadata first, so oversized messages are never downloaded. "UID n:*" with n above the
    // highest uid still returns the last message ("*" is the highest uid and n:* equals *:n,
    // RFC 3501 6.4.8), hence the filter.
    const meta = await c.fetchAll(`${lastUid + 1}:*`, { uid: true, size: true }, { uid: true });
    const fresh = meta
      .filter((m) => m.uid > lastUid)
      .map((m) => ({ uid: m.uid, size: m.size ?? 0 }))
      .sort((a, b) => a.uid - b.uid);
    if (fresh.length > 0) log.debug({ count: fresh.length, fromUid: lastUid + 1, exists }, 'new messages');

    // Messages too large to download weigh nothing: they are passed on as their size.
    const batches = chunkByBytes(fresh, options.batchSize, options.batchBytes ?? DEFAULT_BATCH_BYTES, (m) =>
      m.size > options.maxMessageBytes ? 0 : m.size,
    );
    // The next batch downloads while the sink parses and commits this one, so neither the server
    // nor the database waits for the other: two batches are in memory at most.
    let next = batches.length > 0 ? download(c, batches[0]!) : null;
    for (const [index, batch] of batches.entries()) {
      if (!running) break;
      const sources = await next!;
      next = index + 1 < batches.length ? download(c, batches[index + 1]!) : null;
      const messages: RawImapMessage[] = [];
      for (const m of batch) {
        if (m.size > options.maxMessageBytes) {
          messages.push({ uid: m.uid, raw: null, size: m.size });
          continue;
        }
        const raw = sources.get(m.uid);
        if (!raw) {
          // Expunged between the two FETCHes: there is nothing left to read.
          log.warn({ uid: m.uid }, 'message disappeared before download, skipped');
          continue;
        }
        messages.push({ uid: m.uid, raw, size: m.size });
      }
      if (messages.length > 0) {
        try {
          await sink.ingestBatch({ mailbox: options.key, uidValidity, messages });
        } catch (err) {
          throw new ImapSinkRejectedError(err);
        }
        log.debug({ count: messages.length, lastUid: batch.at(-1)?.uid }, 'batch committed');
      }
      lastUid = batch.at(-1)?.uid ?? lastUid;
    }
    return { uidValidity, lastUid };
  };

  /**
   * The sources of a batch's messages that are not too large, by uid. A download that is never
   * awaited (the sink failed, the source stopped) must not become an unhandled rejection: the
   * session ends anyway, and the next one reads the batch again.
   */
  const download = (
    c: ImapFlow,
    batch: Array<{ uid: number; size: number }>,
  ): Promise<Map<number, Buffer>> => {
    const wanted = batch.filter((m) => m.size <= options.maxMessageBytes).map((m) => m.uid);
    const sources = new Map<number, Buffer>();
    if (wanted.length === 0) return Promise.resolve(sources);
    const fetched = c.fetchAll(toUidSet(wanted), { uid: true, source: true }, { uid: true }).then((rows) => {
      for (const row of rows) if (row.source) sources.set(row.uid, row.source);
      return sources;
    });
    fetched.catch(() => {});
    return fetched;
  };

  /** IDLE until new mail, idle(), stop(), a dropped connection or the resync interval. */
  const idleUntilChange = async (c: ImapFlow): Promise<void> => {
    if (changed || !running) return;
    // imapflow's auto-IDLE starts only after autoIdleDelay (15 s) and never while a mailbox lock is
    // held, and this session holds its lock throughout: so IDLE is issued here, by the lock holder.
    // The next command (UID FETCH, LOGOUT) ends it with DONE through imapflow's preCheck.
    c.idle().catch((err: unknown) => log.debug({ err: errorText(err) }, 'IDLE ended with an error'));
    await pause(options.resyncIntervalMs, true);
  };

  const session = async (onCaughtUp: () => void): Promise<void> => {
    const c = new ImapFlow({
      host: options.host,
      port: options.port,
      secure: options.secure,
      doSTARTTLS: options.secure ? undefined : options.starttls,
      tls: {
        rejectUnauthorized: options.tlsRejectUnauthorized ?? true,
        ...(options.ca ? { ca: options.ca } : {}),
      },
      auth: { user: options.user, pass: options.password },
      logger: imapflowLogger(log),
      disableAutoIdle: true,
      maxIdleTime: Math.min(options.resyncIntervalMs, MAX_IDLE_MS),
    });
    client = c;
    // Without an 'error' listener an EventEmitter error would crash the process.
    c.on('error', (err: unknown) => {
      lastError = errorText(err);
      log.debug({ err: lastError }, 'connection error');
    });
    c.on('close', () => {
      connected = false;
      if (wake?.onChange) wake.fire();
    });
    c.on('exists', () => poke());

    try {
      await c.connect();
      if (!running) return;
      const lock = await c.getMailboxLock(options.mailbox);
      try {
        connected = true;
        let cursor = await startCursor(c);
        log.info({ uidValidity: `${cursor.uidValidity}`, lastUid: cursor.lastUid }, 'mailbox opened');
        for (;;) {
          do {
            changed = false;
            const pass = ++passesStarted;
            // Dovecot refreshes a session's view of the mailbox only at sync points (NOOP, IDLE,
            // the end of a command): without this NOOP a UID FETCH can miss mail another
            // connection appended a moment ago, and idle() would resolve too early. (Its EXISTS
            // sets `changed` again and costs one empty pass; clearing the flag after the NOOP
            // instead could swallow an idle() request made during it.)
            await checkAlive(c);
            cursor = await syncPass(c, cursor);
            if (!running) return;
            settleSyncWaiters(pass);
          } while (changed);
          lastSyncAt = new Date();
          lastError = null;
          onCaughtUp();
          await idleUntilChange(c);
          if (!running) return;
          if (!c.usable) throw new Error('connection closed by the server');
        }
      } finally {
        lock.release();
      }
    } finally {
      connected = false;
      client = null;
      if (c.usable) await c.logout().catch(() => c.close());
      else c.close();
    }
  };

  const run = async (): Promise<void> => {
    let attempt = 0;
    while (running) {
      try {
        await session(() => {
          attempt = 0;
        });
      } catch (err) {
        if (!running) break;
        lastError = errorText(err);
        log.warn({ err: lastError, attempt }, 'IMAP session failed, reconnecting');
      }
      if (!running) break;
      const delay = backoffDelay(attempt++, options.backoff, Math.random());
      await pause(delay, false);
    }
  };

  return {
    async start() {
      if (loop) return;
      running = true;
      loop = run();
    },

    async stop() {
      if (!loop) return;
      running = false;
      wake?.fire();
      const force = setTimeout(() => client?.close(), STOP_FORCE_CLOSE_MS);
      try {
        await loop;
      } finally {
        clearTimeout(force);
        loop = null;
        for (const waiter of syncWaiters.splice(0)) waiter.reject(new Error('IMAP source stopped'));
      }
    },

    idle() {
      if (!running) return Promise.reject(new Error('IMAP source is not running'));
      return new Promise<void>((resolve, reject) => {
        syncWaiters.push({ afterPass: passesStarted + 1, resolve, reject });
        poke();
      });
    },

    state: () => ({ connected, lastSyncAt, lastError }),
  };
}

/**
 * imapflow logs through this at our debug level. Wire traffic (entries with `src`) is dropped:
 * it carries message bodies, and both bodies and credentials stay out of our logs.
 *
 * `isLevelEnabled` is what imapflow asks before it serializes a command or response for such an
 * entry; without it every level counts as enabled, and every FETCH response, the whole message
 * included, was turned back into a string for a trace entry that went nowhere (a tenth of the
 * IMAP client's CPU). Trace reaches nobody; debug only when our log takes debug.
 */
export function imapflowLogger(log: Logger): ImapFlowLogger & { isLevelEnabled(level: string): boolean } {
  const forward = (entry: unknown): void => {
    if (!entry || typeof entry !== 'object' || 'src' in entry) return;
    log.debug({ imapflow: true, ...entry });
  };
  return {
    trace: () => {},
    debug: forward,
    info: forward,
    warn: forward,
    error: forward,
    // Not in imapflow's Logger type, but read at run time, as on a pino logger.
    isLevelEnabled: (level: string) =>
      level !== 'trace' && (level !== 'debug' || log.isLevelEnabled('debug')),
  };
}

function errorText(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    const response = (err as { responseText?: unknown }).responseText;
    return [
      typeof code === 'string' ? code : null,
      err.message,
      typeof response === 'string' ? response : null,
    ]
      .filter(Boolean)
      .join(': ');
  }
  return String(err);
}
