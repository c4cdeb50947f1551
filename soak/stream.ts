/**
 * The soak's list traffic: message i depends only on (seed, i), and each kind says exactly which
 * records it must create, so the soak can tell a lost or doubled record from a correct run.
 *
 * Members post discussion, replies that quote commands (quoted text never acts), agenda items,
 * action items and decisions; the list also carries auto-replies and bounces (never acted on),
 * a guest's command (held for review, not applied) and hostile mail: several From addresses,
 * a header flood, deep MIME nesting, an encoded-word bomb in the subject, a lying charset label
 * and raw binary. Hostile mail creates no record; all that matters is that it gets an outcome.
 */

export const SOAK_LIST = 'scs-tech@lists.example.org';
export const SOAK_LIST_ID = 'scs-tech.lists.example.org';
export const SOAK_MEMBERS = [
  { handle: 'garloff', address: 'garloff@example.org', name: 'Kurt Garloff' },
  { handle: 'fkr', address: 'fkr@example.org', name: 'Felix Kronlage-Dammers' },
  { handle: 'berendt', address: 'berendt@example.com', name: 'Christian Berendt' },
];
const GUEST = { address: 'ralf.mueller@provider.example', name: 'Ralf Müller' };

export type StreamKind =
  | 'discussion'
  | 'reply-quoting-commands'
  | 'agenda'
  | 'action'
  | 'decision'
  | 'auto-reply'
  | 'bounce'
  | 'guest-command'
  | 'hostile';

/** Per mille of each kind. */
const MIX: Array<[StreamKind, number]> = [
  ['discussion', 300],
  ['reply-quoting-commands', 200],
  ['agenda', 80],
  ['action', 120],
  ['decision', 60],
  ['auto-reply', 70],
  ['bounce', 50],
  ['guest-command', 40],
  ['hostile', 80],
];

export interface StreamMessage {
  index: number;
  kind: StreamKind;
  messageId: string;
  raw: Buffer;
  /** What the message must add to the records. */
  records: { agendaItems: number; actionItems: number; decisions: number };
}

const none = { agendaItems: 0, actionItems: 0, decisions: 0 };
const CRLF = '\r\n';

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function streamMessage(seed: number, index: number, now: Date): StreamMessage {
  const rnd = prng((seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0);
  const kind = pickKind(rnd());
  const member = SOAK_MEMBERS[Math.floor(rnd() * SOAK_MEMBERS.length)]!;
  const messageId = `soak-${seed}-${index}@mail.example.org`;
  const root = `soak-${seed}-${Math.max(0, index - 1 - Math.floor(rnd() * 20))}@mail.example.org`;
  const tag = `${seed}-${index}`;
  const date = now.toUTCString().replace('GMT', '+0000');
  const head = (from: string, subject: string, extra: string[] = []): string[] => [
    `From: ${from}`,
    `To: ${SOAK_LIST}`,
    `Subject: ${subject}`,
    `Date: ${date}`,
    `Message-ID: <${messageId}>`,
    'MIME-Version: 1.0',
    `List-Id: Team IaaS <${SOAK_LIST_ID}>`,
    'Precedence: list',
    ...extra,
  ];
  const plain = ['Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit'];
  const from = `${member.name} <${member.address}>`;
  const build = (lines: string[], body: string, records = none): StreamMessage => ({
    index,
    kind,
    messageId,
    raw: Buffer.from(`${lines.join(CRLF)}${CRLF}${CRLF}${body}${CRLF}`),
    records,
  });

  switch (kind) {
    case 'discussion':
      return build(
        head(from, `[scs-tech] Lab status, round ${tag}`, plain),
        `The uplink in rack ${index % 7} is still flapping; I will look again tomorrow.${CRLF}${CRLF}${member.name}`,
      );
    case 'reply-quoting-commands':
      return build(
        head(from, `Re: [scs-tech] Lab status, round ${tag}`, [
          ...plain,
          `In-Reply-To: <${root}>`,
          `References: <${root}>`,
        ]),
        [
          'Agreed, thanks.',
          '',
          `On ${date}, Felix Kronlage-Dammers wrote:`,
          `> AI @fkr: quoted task ${tag} that must not be filed`,
          `> Decision: quoted decision ${tag} that must not be filed`,
          '> [agenda] quoted topic (5 min)',
        ].join(CRLF),
      );
    case 'agenda':
      return build(
        head(from, `[scs-tech] [agenda] Soak topic ${tag} (10 min)`, plain),
        `Let us talk about this, please.${CRLF}${CRLF}${member.name}`,
        { ...none, agendaItems: 1 },
      );
    case 'action':
      return build(
        head(from, `Re: [scs-tech] Lab status, round ${tag}`, plain),
        `AI @${member.handle}: soak task ${tag} gets done${CRLF}${CRLF}${member.name}`,
        { ...none, actionItems: 1 },
      );
    case 'decision':
      return build(
        head(from, `Re: [scs-tech] Flavor naming, round ${tag}`, plain),
        `Decision: soak decision ${tag} stands${CRLF}${CRLF}${member.name}`,
        { ...none, decisions: 1 },
      );
    case 'auto-reply':
      return build(
        head(from, `Automatic reply: [scs-tech] Lab status, round ${tag}`, [
          ...plain,
          'Auto-Submitted: auto-replied',
          'X-Autoreply: yes',
        ]),
        `I am out of the office. AI @${member.handle}: auto-reply task ${tag} must not be filed`,
      );
    case 'bounce': {
      const boundary = `dsn-${tag}`;
      return build(
        [
          'From: Mail Delivery System <MAILER-DAEMON@mx.example.org>',
          `To: ${SOAK_LIST}`,
          'Subject: Undelivered Mail Returned to Sender',
          `Date: ${date}`,
          `Message-ID: <${messageId}>`,
          'Auto-Submitted: auto-replied',
          'MIME-Version: 1.0',
          `Content-Type: multipart/report; report-type=delivery-status; boundary="${boundary}"`,
        ],
        [
          `--${boundary}`,
          'Content-Type: text/plain; charset=us-ascii',
          '',
          'The mail system could not deliver your message.',
          `--${boundary}`,
          'Content-Type: message/delivery-status',
          '',
          'Reporting-MTA: dns; mx.example.org',
          '',
          'Final-Recipient: rfc822; gone@example.net',
          'Action: failed',
          'Status: 5.1.1',
          `--${boundary}`,
          'Content-Type: message/rfc822',
          '',
          `From: ${from}`,
          `Subject: [agenda] bounced topic ${tag} (5 min)`,
          '',
          `AI @${member.handle}: bounced task ${tag} must not be filed`,
          `--${boundary}--`,
        ].join(CRLF),
      );
    }
    case 'guest-command':
      return build(
        head(`${GUEST.name} <${GUEST.address}>`, `[scs-tech] [agenda] Guest topic ${tag} (15 min)`, plain),
        `AI @fkr: guest task ${tag} waits for review${CRLF}Decision: guest decision ${tag} waits for review`,
      );
    case 'hostile':
      return hostile(Math.floor(rnd() * 6), build, head, from, tag, member.handle);
  }
}

function hostile(
  variant: number,
  build: (lines: string[], body: string, records?: StreamMessage['records']) => StreamMessage,
  head: (from: string, subject: string, extra?: string[]) => string[],
  from: string,
  tag: string,
  handle: string,
): StreamMessage {
  switch (variant) {
    case 0:
      // Several authors: refused, whatever it says.
      return build(
        head(`${from}, Mallory <mallory@attacker.example>`, `[scs-tech] [agenda] Two authors ${tag} (5 min)`),
        `AI @${handle}: two-author task ${tag} must not be filed`,
      );
    case 1: {
      const flood = Array.from({ length: 3_000 }, (_, i) => `X-Flood-${i}: ${'x'.repeat(60)}`);
      return build(head(from, `[scs-tech] Header flood ${tag}`, flood), 'Nothing to see.');
    }
    case 2: {
      const depth = 60;
      const open = Array.from(
        { length: depth },
        (_, i) => `--n${i}${CRLF}Content-Type: multipart/mixed; boundary="n${i + 1}"${CRLF}`,
      );
      const close = Array.from({ length: depth }, (_, i) => `--n${depth - i}--`);
      return build(
        head(from, `[scs-tech] Nested ${tag}`, ['Content-Type: multipart/mixed; boundary="n0"']),
        `${open.join(CRLF)}--n${depth}${CRLF}Content-Type: text/plain${CRLF}${CRLF}deep text${CRLF}${close.join(CRLF)}${CRLF}--n0--`,
      );
    }
    case 3: {
      const word = '=?utf-8?B?w6TDtsO8w6TDtsO8?=';
      return build(
        head(from, `${Array.from({ length: 2_000 }, () => word).join(' ')} ${tag}`),
        'Encoded words.',
      );
    }
    case 4:
      return build(
        head(from, `[scs-tech] Charset ${tag}`, ['Content-Type: text/plain; charset=x-no-such-charset']),
        Buffer.from([0xff, 0xfe, 0x00, 0x41, 0xc3, 0x28, 0xa0, 0xa1]).toString('latin1'),
      );
    default:
      return build(
        head(from, `[scs-tech] Binary ${tag}`, ['Content-Type: application/octet-stream']),
        Buffer.from(Array.from({ length: 4_096 }, (_, i) => (i * 131) % 256)).toString('latin1'),
      );
  }
}

function pickKind(r: number): StreamKind {
  let acc = 0;
  for (const [kind, share] of MIX) {
    acc += share / 1000;
    if (r < acc) return kind;
  }
  return 'discussion';
}
