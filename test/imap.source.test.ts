import nodemailer from 'nodemailer';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { createImapSource, type ImapSource, type ImapSourceOptions } from '../src/ingest/imap.source.js';
import { type Dovecot, describeWithDovecot, startDovecot } from './support/dovecot.js';
import { createMemoryImapSink } from './support/memory-imap-sink.js';

const logger = pino({ level: process.env.LOG_LEVEL ?? 'silent' });

function listMail(n: number, extra = ''): string {
  return [
    `From: Kurt Garloff <kurt${n}@example.org>`,
    'To: scs-tech@lists.example.org',
    `Subject: [scs-tech] Re: IaaS standards v3 timeline, part ${n}`,
    `Message-ID: <m${n}.${Date.now()}@example.org>`,
    'Date: Tue, 24 Nov 2026 10:00:00 +0000',
    'Content-Type: text/plain; charset=utf-8',
    '',
    `AI @fkr: write down what we said about item ${n}.`,
    extra,
    '',
  ].join('\r\n');
}

const range = (from: number, to: number): number[] =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

describeWithDovecot('IMAP source against a real Dovecot', () => {
  let dovecot: Dovecot;
  const running: ImapSource[] = [];

  beforeAll(async () => {
    dovecot = await startDovecot();
  });

  afterEach(async () => {
    await Promise.all(running.splice(0).map((s) => s.stop()));
  });

  afterAll(async () => {
    await dovecot?.stop();
  });

  async function setup(overrides: Partial<ImapSourceOptions> = {}) {
    const account = await dovecot.addUser();
    const sink = createMemoryImapSink();
    const options: ImapSourceOptions = {
      host: dovecot.host,
      port: dovecot.imapPort,
      secure: false,
      starttls: false,
      user: account.user,
      password: account.pass,
      mailbox: 'INBOX',
      key: `${account.user}@${dovecot.host}/INBOX`,
      maxMessageBytes: 1024 * 1024,
      batchSize: 100,
      // Long, so that only IDLE (not the periodic resync) can explain a quick delivery.
      resyncIntervalMs: 60_000,
      backoff: { initialMs: 50, maxMs: 400 },
      ...overrides,
    };
    const source = () => {
      const s = createImapSource({ options, sink, logger });
      running.push(s);
      return s;
    };
    return { account, sink, options, source };
  }

  it('delivers a backlog of 250 messages in uid order, in batches of at most batchSize, and checkpoints the last uid', async () => {
    const { account, sink, options, source } = await setup({ batchSize: 100 });
    const appended = await dovecot.appendMany(
      account.user,
      range(1, 250).map((n) => listMail(n)),
    );
    const s = source();
    await s.start();
    await s.idle();

    expect(sink.uids(options.key)).toEqual(appended);
    expect(sink.batches.every((b) => b.messages.length <= 100)).toBe(true);
    expect(sink.batches.map((b) => b.messages.length)).toEqual([100, 100, 50]);
    expect(sink.checkpoint(options.key)?.lastUid).toBe(250);
    const first = sink.batches[0]!.messages[0]!;
    expect(first.raw?.toString()).toContain('item 1.');
    expect(first.size).toBe(first.raw?.length);
    expect(s.state()).toMatchObject({ connected: true, lastError: null });
    expect(s.state().lastSyncAt).toBeInstanceOf(Date);
  });

  it('closes a batch before its bytes pass batchBytes, reading a message over it alone', async () => {
    const { account, sink, options, source } = await setup({ batchSize: 100, batchBytes: 4_000 });
    // A few hundred bytes each; the fifth is over the budget on its own.
    const raws = range(1, 12).map((n) => listMail(n, n === 5 ? 'x'.repeat(5_000) : ''));
    const appended = await dovecot.appendMany(account.user, raws);
    const s = source();
    await s.start();
    await s.idle();

    expect(sink.uids(options.key)).toEqual(appended);
    const sizes = sink.batches.map((b) => b.messages.reduce((sum, m) => sum + m.size, 0));
    const counts = sink.batches.map((b) => b.messages.length);
    expect(counts).toEqual([4, 1, 7]);
    expect(sizes[1]).toBeGreaterThan(4_000);
    expect(sizes.filter((_, i) => i !== 1).every((bytes) => bytes <= 4_000)).toBe(true);
    expect(sink.checkpoint(options.key)?.lastUid).toBe(appended.at(-1));
  });

  it('receives a message appended by another connection over IDLE within 1.5 s', async () => {
    const { account, sink, options, source } = await setup();
    await dovecot.appendMany(account.user, [listMail(1), listMail(2)]);
    const s = source();
    await s.start();
    await s.idle();

    const t0 = performance.now();
    const uid = await dovecot.append(account.user, listMail(3));
    await sink.waitFor(() => sink.uids(options.key).includes(uid), 5_000);
    const elapsed = performance.now() - t0;

    expect(elapsed).toBeLessThan(1_500);
    expect(sink.uids(options.key)).toEqual([1, 2, 3]);
  });

  it('after a restart with the same sink delivers only the messages that arrived meanwhile', async () => {
    const { account, sink, options, source } = await setup();
    await dovecot.appendMany(
      account.user,
      range(1, 4).map((n) => listMail(n)),
    );
    const first = source();
    await first.start();
    await first.idle();
    await first.stop();
    const committedBefore = sink.batches.length;

    const added = await dovecot.appendMany(
      account.user,
      range(5, 7).map((n) => listMail(n)),
    );
    const second = source();
    await second.start();
    await second.idle();

    const newUids = sink.batches.slice(committedBefore).flatMap((b) => b.messages.map((m) => m.uid));
    expect(newUids).toEqual(added);
    expect(sink.uids(options.key)).toEqual(range(1, 7));
  });

  it('reads the whole mailbox again under the new UIDVALIDITY when the server changed it', async () => {
    const { account, sink, options, source } = await setup();
    await dovecot.appendMany(
      account.user,
      range(1, 3).map((n) => listMail(n)),
    );
    const s = source();
    await s.start();
    await s.idle();
    const oldValidity = sink.checkpoint(options.key)!.uidValidity;

    // Changed under a running source. Dovecot does not tell an IDLE session; it drops it at the
    // next command ("view is now inconsistent"), here the pass idle() asks for (in production the
    // periodic resync). The source reconnects and finds a checkpoint that no longer matches.
    const newValidity = await dovecot.resetUidValidity(account.user);
    expect(newValidity).not.toBe(oldValidity);
    await s.idle();
    await sink.waitFor(() => sink.uids(options.key, newValidity).length === 3, 10_000);

    expect(sink.uids(options.key, oldValidity)).toEqual([1, 2, 3]);
    expect(sink.uids(options.key, newValidity)).toEqual([1, 2, 3]);
    expect(sink.checkpoint(options.key)).toEqual({ uidValidity: newValidity, lastUid: 3 });
  });

  it('retries a batch the sink rejected until it is committed, and commits every message once', async () => {
    const { account, sink, options, source } = await setup({ batchSize: 3 });
    await dovecot.appendMany(
      account.user,
      range(1, 7).map((n) => listMail(n)),
    );
    sink.failNext(2);
    const s = source();
    await s.start();
    await s.idle();

    const attempted = sink.attempts.map((b) => b.messages.map((m) => m.uid));
    expect(attempted).toEqual([[1, 2, 3], [1, 2, 3], [1, 2, 3], [4, 5, 6], [7]]);
    expect(sink.uids(options.key)).toEqual(range(1, 7));
    expect(s.state().lastError).toBeNull();
  });

  it('reconnects after the server dropped the connection and picks up mail appended meanwhile', async () => {
    const { account, sink, options, source } = await setup();
    await dovecot.append(account.user, listMail(1));
    const s = source();
    await s.start();
    await s.idle();
    expect(s.state().connected).toBe(true);

    await dovecot.restart();
    const added = await dovecot.appendMany(account.user, [listMail(2), listMail(3)]);
    await s.idle();

    expect(sink.uids(options.key)).toEqual([1, ...added]);
    expect(s.state().connected).toBe(true);
  });

  it('passes a message above maxMessageBytes with raw null and its size, without downloading it', async () => {
    const { account, sink, options, source } = await setup({ maxMessageBytes: 2_000 });
    const big = listMail(2, 'x'.repeat(76).concat('\r\n').repeat(80));
    await dovecot.appendMany(account.user, [listMail(1), big, listMail(3)]);
    const s = source();
    await s.start();
    await s.idle();

    const messages = sink.batches.flatMap((b) => b.messages);
    expect(messages.map((m) => m.uid)).toEqual([1, 2, 3]);
    expect(messages[1]).toEqual({ uid: 2, raw: null, size: Buffer.byteLength(big) });
    expect(messages[0]!.raw).toBeInstanceOf(Buffer);
    expect(messages[2]!.raw).toBeInstanceOf(Buffer);
    expect(sink.checkpoint(options.key)?.lastUid).toBe(3);
  });

  it('stop() ends IDLE, logs out promptly and leaves no sockets or timers behind', async () => {
    const { account, source } = await setup();
    await dovecot.append(account.user, listMail(1));
    // The APPEND connection above may still be closing: wait until the count is stable.
    const handlesBefore = await settledHandles();
    const s = source();
    await s.start();
    await s.idle();
    expect(activeHandles().TCPSocketWrap ?? 0).toBe((handlesBefore.TCPSocketWrap ?? 0) + 1);

    const t0 = performance.now();
    await s.stop();
    expect(performance.now() - t0).toBeLessThan(1_500);
    running.splice(running.indexOf(s), 1);

    expect(activeHandles().Timeout ?? 0).toBeLessThanOrEqual(handlesBefore.Timeout ?? 0);
    expect((await settledHandles()).TCPSocketWrap ?? 0).toBe(handlesBefore.TCPSocketWrap ?? 0);
    await expect(s.idle()).rejects.toThrow(/not running/);
    expect(await dovecot.log()).toMatch(new RegExp(`imap\\(${account.user}\\).*Disconnected: Logged out`));
  });

  it('picks up a message delivered into the mailbox over LMTP, the way a list server hands it over', async () => {
    const { account, sink, options, source } = await setup();
    const s = source();
    await s.start();
    await s.idle();

    const lmtp = nodemailer.createTransport({
      host: dovecot.host,
      port: dovecot.lmtpPort,
      lmtp: true,
      ignoreTLS: true,
    });
    await lmtp.sendMail({
      envelope: { from: 'scs-tech-bounces@lists.example.org', to: [`${account.user}@lists.example.org`] },
      raw: listMail(1),
    });
    lmtp.close();
    await sink.waitFor(() => sink.uids(options.key).length === 1, 5_000);

    expect(sink.batches[0]!.messages[0]!.raw?.toString()).toContain('item 1.');
  });

  it('stop() waits for the batch the sink is committing, then stops before the next one', async () => {
    const { account, sink, options, source } = await setup({ batchSize: 2 });
    await dovecot.appendMany(
      account.user,
      range(1, 5).map((n) => listMail(n)),
    );
    const held = sink.holdNext();
    const s = source();
    await s.start();
    await held.entered;

    let stopped = false;
    const stopping = s.stop().then(() => {
      stopped = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(stopped).toBe(false);
    held.release();
    await stopping;
    running.splice(running.indexOf(s), 1);

    expect(sink.uids(options.key)).toEqual([1, 2]);
    expect(sink.checkpoint(options.key)?.lastUid).toBe(2);
  });
});

async function settledHandles(): Promise<Record<string, number>> {
  let previous = JSON.stringify(activeHandles());
  for (let i = 0; i < 20; i++) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    const current = JSON.stringify(activeHandles());
    if (current === previous) break;
    previous = current;
  }
  return activeHandles();
}

function activeHandles(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const name of process.getActiveResourcesInfo()) counts[name] = (counts[name] ?? 0) + 1;
  return counts;
}
