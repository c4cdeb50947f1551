/**
 * A small mailing list for tests: an in-process SMTP server (smtp-server) in front of a real
 * Dovecot, so that what listscribe sends can be read back from subscribers' mailboxes.
 *
 *   const list = await startMailingList({ dovecot, listAddress: 'iaas@lists.example.org',
 *     subscribers: [{ address: 'alice@example.org', user: alice.user }] });
 *   // send to 127.0.0.1:list.smtpPort, then:
 *   const msg = await waitForMessage(dovecot, alice.user, (m) => m.headers.has('list-id'), 5_000);
 *   list.injectNext(1, { kind: 'reply', code: 451, at: 'data' });
 *   await list.close();
 *
 * A message to the list address goes to every subscriber (one LMTP transaction each, with
 * `List-Id` and `Precedence: list` prepended, as a list server does); a message to a subscriber's
 * own address goes only to them; any other recipient is refused with 550. Delivery into Dovecot
 * finishes before the 250 to DATA, so a resolved send means the mail is already stored.
 *
 * Faults are consumed one per transaction (counted at MAIL FROM) in the order injected.
 *
 * Why it is set up as it is (see /work/shared/docs/test-infra.md):
 * - smtp-server's built-in STARTTLS certificate has expired, so STARTTLS is disabled here and a
 *   client must not insist on TLS;
 * - smtp-server keeps connections open for 30 s after `close()` by default; `close()` here
 *   destroys the sockets itself, so a stalled client does not hold a test file open.
 */
import type net from 'node:net';
import { ImapFlow } from 'imapflow';
import nodemailer from 'nodemailer';
import { SMTPServer, type SMTPServerAddress, type SMTPServerSession } from 'smtp-server';
import type { Dovecot } from './dovecot.js';

export interface ListSubscriber {
  /** The address the list knows them by (also accepted as a direct recipient). */
  address: string;
  /** Their Dovecot user, whose INBOX receives the mail. */
  user: string;
}

export interface StartMailingListOptions {
  dovecot: Dovecot;
  listAddress: string;
  subscribers: ListSubscriber[];
}

export type SmtpFault =
  | { kind: 'reply'; code: 421 | 450 | 451 | 550 | 554; at: 'mail' | 'rcpt' | 'data' }
  /** Reads the whole message, then never answers: the client has to time out. */
  | { kind: 'stall-after-data' }
  /**
   * Destroys the socket without a reply: when MAIL FROM arrives (default), or after reading the
   * whole message (`data`), when the client cannot know whether it was taken.
   */
  | { kind: 'drop'; at?: 'mail' | 'data' };

export interface ReceivedMessage {
  envelope: { mailFrom: string; rcptTo: string[] };
  /** The bytes as the client sent them (without the list's added headers). */
  raw: Buffer;
  /** `stalled`/`dropped`: read in full but never answered, so the client believes it failed. */
  outcome: 'delivered' | 'stalled' | 'dropped';
}

export interface MailingList {
  host: string;
  smtpPort: number;
  /** Every message whose DATA the server read in full and did not refuse. */
  received: ReceivedMessage[];
  /** Makes each of the next `n` transactions fail with `fault`. */
  injectNext(n: number, fault: SmtpFault): void;
  close(): Promise<void>;
}

export interface MailboxMessage {
  uid: number;
  raw: Buffer;
  /** Lower-cased header names; the topmost occurrence of each, unfolded. */
  headers: Map<string, string>;
}

const HOST = '127.0.0.1';

export async function startMailingList(opts: StartMailingListOptions): Promise<MailingList> {
  const listAddress = opts.listAddress.toLowerCase();
  const [listLocal, listDomain] = splitAddress(listAddress);
  // Mailman's form: the list's address with "@" turned into ".".
  const listId = `<${listLocal}.${listDomain}>`;
  const bounceAddress = `${listLocal}-bounces@${listDomain}`;
  const subscribers = opts.subscribers.map((s) => ({ ...s, address: s.address.toLowerCase() }));

  const lmtp = nodemailer.createTransport({
    host: opts.dovecot.host,
    port: opts.dovecot.lmtpPort,
    lmtp: true,
    ignoreTLS: true,
  });

  const received: ReceivedMessage[] = [];
  const pending: SmtpFault[] = [];
  const faults = new Map<string, SmtpFault>();
  const sockets = new Map<string, net.Socket>();

  const socketKey = (address: string | undefined, port: number | undefined) => `${address}:${port}`;

  const deliver = async (mailFrom: string, rcptTo: string[], raw: Buffer): Promise<void> => {
    const toList = rcptTo.includes(listAddress);
    const direct = subscribers.filter((s) => rcptTo.includes(s.address));
    const targets = toList ? subscribers : direct;
    const listHeaders = Buffer.from(`List-Id: ${listId}\r\nPrecedence: list\r\n`);
    for (const target of targets) {
      // One envelope per subscriber, as a list expands its members; the user's own address
      // on the LMTP side is `${user}@…` (Dovecot drops the domain).
      await lmtp.sendMail({
        envelope: { from: toList ? bounceAddress : mailFrom, to: [`${target.user}@localhost`] },
        raw: toList ? Buffer.concat([listHeaders, raw]) : raw,
      });
    }
  };

  const dropConnection = (session: SMTPServerSession) =>
    sockets.get(socketKey(session.remoteAddress, session.remotePort))?.destroy();

  const replyError = (code: number, text: string): Error =>
    Object.assign(new Error(text), { responseCode: code });
  const faultText: Record<number, string> = {
    421: '4.3.2 Service shutting down, try again later',
    450: '4.2.1 Mailbox busy, try again later',
    451: '4.3.0 Local error in processing',
    550: '5.1.1 Mailbox unavailable',
    554: '5.7.1 Transaction failed',
  };

  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    logger: false,
    banner: 'listscribe test list',
    onMailFrom(_address: SMTPServerAddress, session: SMTPServerSession, callback) {
      const fault = pending.shift();
      if (!fault) {
        faults.delete(session.id);
        return callback();
      }
      faults.set(session.id, fault);
      if (fault.kind === 'drop' && fault.at !== 'data') {
        dropConnection(session);
        return;
      }
      if (fault.kind === 'reply' && fault.at === 'mail') {
        return callback(replyError(fault.code, faultText[fault.code] ?? 'refused'));
      }
      callback();
    },
    onRcptTo(address: SMTPServerAddress, session: SMTPServerSession, callback) {
      const fault = faults.get(session.id);
      if (fault?.kind === 'reply' && fault.at === 'rcpt') {
        return callback(replyError(fault.code, faultText[fault.code] ?? 'refused'));
      }
      const rcpt = address.address.toLowerCase();
      if (rcpt !== listAddress && !subscribers.some((s) => s.address === rcpt)) {
        return callback(replyError(550, `5.1.1 <${rcpt}>: no such list or subscriber`));
      }
      callback();
    },
    onData(stream, session: SMTPServerSession, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const fault = faults.get(session.id);
        faults.delete(session.id);
        const raw = Buffer.concat(chunks);
        const mailFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        const rcptTo = session.envelope.rcptTo.map((r) => r.address.toLowerCase());
        if (fault?.kind === 'stall-after-data') {
          received.push({ envelope: { mailFrom, rcptTo }, raw, outcome: 'stalled' });
          return;
        }
        if (fault?.kind === 'drop') {
          received.push({ envelope: { mailFrom, rcptTo }, raw, outcome: 'dropped' });
          dropConnection(session);
          return;
        }
        if (fault?.kind === 'reply' && fault.at === 'data') {
          return callback(replyError(fault.code, faultText[fault.code] ?? 'refused'));
        }
        deliver(mailFrom, rcptTo, raw).then(
          () => {
            received.push({ envelope: { mailFrom, rcptTo }, raw, outcome: 'delivered' });
            callback();
          },
          (error: unknown) => {
            callback(replyError(451, `4.3.0 LMTP delivery failed: ${(error as Error).message}`));
          },
        );
      });
    },
  });

  // smtp-server does not hand its sockets to the callbacks; "drop" and close() need them.
  server.server.on('connection', (socket: net.Socket) => {
    const key = socketKey(socket.remoteAddress, socket.remotePort);
    sockets.set(key, socket);
    socket.once('close', () => sockets.delete(key));
  });

  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(0, HOST, () => resolve());
  });
  const smtpPort = (server.server.address() as net.AddressInfo).port;

  return {
    host: HOST,
    smtpPort,
    received,
    injectNext(n, fault) {
      for (let i = 0; i < n; i++) pending.push(fault);
    },
    async close() {
      for (const socket of sockets.values()) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      lmtp.close();
    },
  };
}

/** Every message in the user's INBOX, oldest first. */
export async function listMailbox(dovecot: Dovecot, user: string): Promise<MailboxMessage[]> {
  const account = dovecot.users.find((u) => u.user === user);
  if (!account) throw new Error(`unknown Dovecot user ${user}`);
  const client = new ImapFlow({
    host: dovecot.host,
    port: dovecot.imapPort,
    secure: false,
    doSTARTTLS: false,
    auth: { user: account.user, pass: account.pass },
    logger: false,
  });
  client.on('error', () => {});
  await client.connect();
  try {
    const lock = await client.getMailboxLock('INBOX');
    try {
      // The mailbox object is live: read `exists` now. "1:*" on an empty mailbox is an error.
      const exists = client.mailbox ? client.mailbox.exists : 0;
      if (exists === 0) return [];
      const messages: MailboxMessage[] = [];
      for await (const msg of client.fetch('1:*', { uid: true, source: true })) {
        if (!msg.source) continue;
        messages.push({ uid: msg.uid, raw: msg.source, headers: parseHeaders(msg.source) });
      }
      return messages.sort((a, b) => a.uid - b.uid);
    } finally {
      lock.release();
    }
  } finally {
    await client.logout().catch(() => client.close());
  }
}

/** Polls the user's INBOX until a message matches; throws with what was there on timeout. */
export async function waitForMessage(
  dovecot: Dovecot,
  user: string,
  predicate: (message: MailboxMessage) => boolean,
  timeoutMs: number,
): Promise<MailboxMessage> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const messages = await listMailbox(dovecot, user);
    const found = messages.find(predicate);
    if (found) return found;
    if (Date.now() > deadline) {
      const seen = messages.map((m) => `${m.uid}: ${m.headers.get('message-id') ?? '(no Message-ID)'}`);
      throw new Error(
        `no matching message in ${user}'s INBOX within ${timeoutMs} ms; it holds ${messages.length}:\n${seen.join('\n')}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function parseHeaders(raw: Buffer): Map<string, string> {
  const text = raw.toString('utf8');
  const end = text.search(/\r?\n\r?\n/);
  const block = end === -1 ? text : text.slice(0, end);
  const headers = new Map<string, string>();
  for (const line of block.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, line.slice(colon + 1).trim());
  }
  return headers;
}

function splitAddress(address: string): [string, string] {
  const at = address.lastIndexOf('@');
  if (at <= 0) throw new Error(`not an address: ${address}`);
  return [address.slice(0, at), address.slice(at + 1)];
}
