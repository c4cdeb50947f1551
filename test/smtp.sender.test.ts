import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { composeMail, type OutgoingMail } from '../src/delivery/compose.js';
import type { MailSender } from '../src/delivery/sender.types.js';
import { SendError } from '../src/delivery/sender.types.js';
import { createSmtpSender, type SmtpOptions } from '../src/delivery/smtp.sender.js';
import { type Dovecot, describeWithDovecot, startDovecot } from './support/dovecot.js';
import {
  listMailbox,
  type MailingList,
  type SmtpFault,
  startMailingList,
  waitForMessage,
} from './support/mailing-list.js';

const LIST = 'scs-iaas@lists.example.org';

let counter = 0;
function digest(overrides: Partial<OutgoingMail> = {}): OutgoingMail {
  counter += 1;
  return {
    from: { name: 'listscribe (IaaS)', address: 'listscribe@example.org' },
    to: [LIST],
    subject: `[scs-iaas] Agenda for Team IaaS, 2026-11-26 (#${counter})`,
    text: 'Agenda\n\n1. Standards v3 timeline (@fkr, 10 min)\n2. Gardener flavors (@garloff)\n',
    html: '<h1>Agenda</h1><ol><li>Standards v3 timeline (@fkr, 10 min)</li><li>Gardener flavors (@garloff)</li></ol>',
    attachments: [
      {
        filename: 'iaas-2026-11-26.ics',
        contentType: 'text/calendar',
        content: 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n',
      },
    ],
    messageId: `agenda.iaas.2026-11-26.${counter}.${process.pid}@listscribe.example.org`,
    inReplyTo: null,
    references: [],
    date: new Date('2026-11-25T08:00:00Z'),
    listscribeHeader: 'agenda; team=iaas',
    ...overrides,
  };
}

/** Runs the send and returns the SendError it must fail with. */
async function sendError(send: Promise<void>): Promise<SendError> {
  const outcome = await send.then(
    () => null,
    (error: unknown) => error,
  );
  expect(outcome, 'the send should have failed').toBeInstanceOf(SendError);
  return outcome as SendError;
}

describeWithDovecot('SMTP sender against a mailing list delivering into Dovecot', () => {
  let dovecot: Dovecot;
  let list: MailingList | null = null;
  let sender: MailSender | null = null;

  beforeAll(async () => {
    dovecot = await startDovecot({ spareUsers: 40 });
  });

  afterEach(async () => {
    await sender?.close();
    await list?.close();
    sender = null;
    list = null;
  });

  afterAll(async () => {
    await dovecot?.stop();
  });

  /** A fresh list with fresh subscribers, and a sender pointed at it. */
  async function setup(subscriberCount = 1, smtp: Partial<SmtpOptions> = {}) {
    const subscribers = [];
    for (let i = 0; i < subscriberCount; i++) {
      const account = await dovecot.addUser();
      subscribers.push({ address: `${account.user}@example.org`, user: account.user });
    }
    list = await startMailingList({ dovecot, listAddress: LIST, subscribers });
    sender = createSmtpSender({
      host: list.host,
      port: list.smtpPort,
      secure: false,
      requireTls: false,
      ignoreTls: false,
      tlsRejectUnauthorized: true,
      user: null,
      password: null,
      timeoutMs: 5_000,
      ...smtp,
    });
    return { list, sender, subscribers };
  }

  it('delivers a digest to every subscriber with the same Message-ID and its headers intact', async () => {
    const { list, sender, subscribers } = await setup(3);
    const out = digest();
    const mail = await composeMail(out);

    await sender.send(mail, out.messageId);

    expect(list.received).toHaveLength(1);
    expect(list.received[0]?.envelope).toEqual({ mailFrom: 'listscribe@example.org', rcptTo: [LIST] });
    expect(list.received[0]?.raw.equals(mail.raw)).toBe(true);
    for (const { user } of subscribers) {
      const got = await waitForMessage(
        dovecot,
        user,
        (m) => m.headers.get('message-id') === `<${out.messageId}>`,
        5_000,
      );
      expect(got.headers.get('auto-submitted')).toBe('auto-generated');
      expect(got.headers.get('x-listscribe')).toBe('agenda; team=iaas');
      expect(got.headers.get('list-id')).toBe('<scs-iaas.lists.example.org>');
      expect(got.headers.get('precedence')).toBe('list');
      expect(got.headers.get('subject')).toBe(out.subject);
      // Everything we sent arrives byte for byte after what the list and Dovecot put on top.
      expect(got.raw.subarray(got.raw.length - mail.raw.length).equals(mail.raw)).toBe(true);
      expect(await listMailbox(dovecot, user)).toHaveLength(1);
    }
  });

  it('delivers mail addressed to one subscriber only to that subscriber', async () => {
    const { sender, subscribers } = await setup(2);
    const [alice, bob] = subscribers as [(typeof subscribers)[0], (typeof subscribers)[0]];
    const out = digest({ to: [alice.address] });

    await sender.send(await composeMail(out), out.messageId);

    const got = await waitForMessage(dovecot, alice.user, () => true, 5_000);
    expect(got.headers.get('message-id')).toBe(`<${out.messageId}>`);
    expect(got.headers.has('list-id')).toBe(false);
    expect(await listMailbox(dovecot, bob.user)).toEqual([]);
  });

  const transient: Array<{ code: 421 | 450 | 451; at: 'mail' | 'rcpt' | 'data' }> = [
    { code: 421, at: 'mail' },
    { code: 421, at: 'data' },
    { code: 450, at: 'rcpt' },
    { code: 450, at: 'data' },
    { code: 451, at: 'data' },
  ];
  it.each(transient)(
    'treats a $code reply to $at as retryable with code SMTP_$code',
    async ({ code, at }) => {
      const { list, sender, subscribers } = await setup();
      list.injectNext(1, { kind: 'reply', code, at });
      const out = digest();

      const error = await sendError(sender.send(await composeMail(out), out.messageId));

      expect(error.code).toBe(`SMTP_${code}`);
      expect(error.retryable).toBe(true);
      expect(list.received).toEqual([]);
      expect(await listMailbox(dovecot, subscribers[0]!.user)).toEqual([]);
    },
  );

  const permanent: Array<{ code: 550 | 554; at: 'mail' | 'rcpt' | 'data' }> = [
    { code: 550, at: 'mail' },
    { code: 550, at: 'rcpt' },
    { code: 554, at: 'rcpt' },
    { code: 554, at: 'data' },
  ];
  it.each(permanent)('treats a $code reply to $at as permanent (not retryable)', async ({ code, at }) => {
    const { list, sender } = await setup();
    list.injectNext(1, { kind: 'reply', code, at });
    const out = digest();

    const error = await sendError(sender.send(await composeMail(out), out.messageId));

    expect(error.code).toBe(`SMTP_${code}`);
    expect(error.retryable).toBe(false);
  });

  it('treats a recipient the server does not know (550 to RCPT) as permanent', async () => {
    const { sender } = await setup();
    const out = digest({ to: ['nobody@lists.example.org'] });

    const error = await sendError(sender.send(await composeMail(out), out.messageId));

    expect(error.code).toBe('SMTP_550');
    expect(error.retryable).toBe(false);
  });

  it('gives up on a server that never answers after DATA within timeoutMs, as retryable', async () => {
    const { list, sender, subscribers } = await setup(1, { timeoutMs: 1_500 });
    list.injectNext(1, { kind: 'stall-after-data' });
    const out = digest();
    const started = Date.now();

    const error = await sendError(sender.send(await composeMail(out), out.messageId));

    expect(error.code).toBe('ETIMEDOUT');
    expect(error.retryable).toBe(true);
    expect(Date.now() - started).toBeLessThan(4_000);
    // The server holds the whole message though the client saw a failure: a retry can deliver
    // it twice, which is why a resend keeps the same Message-ID.
    expect(list.received.map((r) => r.outcome)).toEqual(['stalled']);
    expect(await listMailbox(dovecot, subscribers[0]!.user)).toEqual([]);
  });

  it.each([
    { at: 'mail' as const, outcomes: [] },
    { at: 'data' as const, outcomes: ['dropped'] },
  ])('treats a connection dropped at $at as retryable (ECONNECTION)', async ({ at, outcomes }) => {
    const { list, sender, subscribers } = await setup();
    list.injectNext(1, { kind: 'drop', at });
    const out = digest();

    const error = await sendError(sender.send(await composeMail(out), out.messageId));

    expect(error.code).toBe('ECONNECTION');
    expect(error.retryable).toBe(true);
    expect(list.received.map((r) => r.outcome)).toEqual(outcomes);
    expect(await listMailbox(dovecot, subscribers[0]!.user)).toEqual([]);
  });

  it('delivers exactly once on the attempt after a 450', async () => {
    const { list, sender, subscribers } = await setup(2);
    const fault: SmtpFault = { kind: 'reply', code: 450, at: 'rcpt' };
    list.injectNext(1, fault);
    const out = digest();
    const mail = await composeMail(out);

    const first = await sendError(sender.send(mail, out.messageId));
    expect(first.retryable).toBe(true);
    await sender.send(mail, out.messageId);

    for (const { user } of subscribers) {
      const inbox = await listMailbox(dovecot, user);
      expect(inbox.map((m) => m.headers.get('message-id'))).toEqual([`<${out.messageId}>`]);
    }
  });

  it('fails only as many transactions as injected, in order', async () => {
    const { list, sender } = await setup();
    list.injectNext(2, { kind: 'reply', code: 451, at: 'mail' });
    list.injectNext(1, { kind: 'reply', code: 550, at: 'data' });
    const out = digest();
    const mail = await composeMail(out);

    const codes = [];
    for (let i = 0; i < 3; i++) codes.push((await sendError(sender.send(mail, out.messageId))).code);
    await sender.send(mail, out.messageId);

    expect(codes).toEqual(['SMTP_451', 'SMTP_451', 'SMTP_550']);
    expect(list.received).toHaveLength(1);
  });
});
