/**
 * A seeded, realistic list-mail corpus for the benchmark. Message `i` of a corpus depends only on
 * (seed, i), so the bench can regenerate any message instead of holding hundreds of MB of
 * attachments in memory, and two runs with the same seed see byte-identical mail.
 *
 * The mix follows what a team list actually carries: mostly plain replies with quoted text, HTML
 * mail from web clients, German Outlook mail in windows-1252 with its "Von:/Gesendet:" block, a
 * few large PDFs and screenshots, auto-replies, and a share of tagged mail ([agenda], AI lines,
 * decisions, action updates, minutes) that changes the team's records.
 */

import type { TeamContext } from '../src/ingest/ingest.models.js';

export interface Person {
  handle: string;
  name: string;
  address: string;
}

export const LIST = 'scs-tech@lists.example.org';
export const LIST_ID = 'scs-tech.lists.example.org';
export const BOT = 'listscribe@example.org';

/** Members of the team (on the roster). */
export const MEMBERS: Person[] = [
  { handle: 'garloff', name: 'Kurt Garloff', address: 'garloff@example.org' },
  { handle: 'fkr', name: 'Felix Kronlage-Dammers', address: 'fkr@example.org' },
  { handle: 'FriederikeZelke', name: 'Friederike Zelke', address: 'zelke@example.net' },
  { handle: 'berendt', name: 'Christian Berendt', address: 'berendt@example.com' },
  { handle: 'matofeder', name: 'Matej Feder', address: 'feder@example.com' },
  { handle: 'maxwolfs', name: 'Max Wolfs', address: 'wolfs@example.org' },
  { handle: 'batistein', name: 'Jürgen Bätistein', address: 'baetistein@example.de' },
];

/** The team whose list the corpus is, as listscribe is configured for it in every measured phase. */
export const TEAM: TeamContext = {
  slug: 'iaas',
  name: 'Team IaaS',
  list: LIST,
  listId: LIST_ID,
  address: BOT,
  people: MEMBERS.map((m) => ({ handle: m.handle, name: m.name, addresses: [m.address] })),
};

/** People who write to the list but are not on the roster (their commands need review). */
const GUESTS: Person[] = [
  { handle: 'guest1', name: 'Ralf Müller', address: 'ralf.mueller@provider.example' },
  { handle: 'guest2', name: 'Anna Schröder', address: 'a.schroeder@cloud.example' },
  { handle: 'guest3', name: "Tom O'Brien", address: 'tob@operator.example' },
];

export type Kind =
  | 'plain-reply'
  | 'alternative'
  | 'outlook-de'
  | 'new-thread'
  | 'tagged'
  | 'minutes'
  | 'attachment'
  | 'auto-reply';

/** Share of each kind, in per mille; "tagged" and "minutes" are the mail that applies items. */
const MIX: Array<[Kind, number]> = [
  ['plain-reply', 400],
  ['alternative', 190],
  ['outlook-de', 120],
  ['new-thread', 110],
  ['tagged', 110],
  ['minutes', 10],
  ['attachment', 40],
  ['auto-reply', 20],
];

export interface CorpusMessage {
  index: number;
  kind: Kind;
  messageId: string;
  raw: Buffer;
}

export interface CorpusOptions {
  seed: number;
  /** Largest attachment in bytes (before base64); the smallest is 100 KB. */
  maxAttachmentBytes: number;
}

/** mulberry32: tiny, fast and good enough to pick words and sizes reproducibly. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const mix32 = (seed: number, i: number): number => {
  let h = (seed ^ Math.imul(i + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
};

const TOPICS = [
  'IaaS standards v3 timeline',
  'SCS lab: uplink delivery delayed',
  'Matrix or mailing list?',
  'Clevis/Tang for disk encryption in the lab',
  'Flavor naming: local SSD requirement',
  'Cluster stacks and cluster classes',
  'Monitoring standards for the reference implementation',
  'Image metadata standard, second draft',
  'Sprint review format',
  'Ceph upgrade to Reef in prod3',
  'Keystone federation with Keycloak',
  'Community call report',
];

const WORDS =
  'the we should standard cluster operator image flavor lab metadata upgrade review draft please think agree propose release version stable test deployment network storage compute keystone ceph octavia kubernetes node provider community document discussion week meeting proposal timeline issue pull request change comment question answer support migration plan'.split(
    ' ',
  );
const GERMAN =
  'wir sollten den Standard für das Cluster noch einmal prüfen und die Änderungen mit dem Betreiber abstimmen Grüße größere Übergänge möglich schön Woche nächste Besprechung Termin Rückmeldung bezüglich'.split(
    ' ',
  );

const AGENDA_TITLES = [
  'Monitoring standards',
  'IaaS standards v3 stabilization',
  'SCS lab cabling status',
  'Sprint review format',
  'Ceph Reef upgrade plan',
  'Keycloak federation',
  'Image metadata v2',
];

const ACTIONS = [
  'write down the outcomes for R6',
  'announce the v2 extension on the mailing list',
  'schedule the lab acceptance test',
  'review the flavor naming PR',
  'update the image metadata standard',
  'ask the provider for a prod3 timeline',
];

export function corpusMessage(opts: CorpusOptions, index: number): CorpusMessage {
  const rnd = prng(mix32(opts.seed, index));
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const kind = pickKind(rnd());
  const messageId = `bench-${opts.seed}-${index}@mail.example.org`;
  const topicIndex = Math.floor(rnd() * TOPICS.length);
  const topic = TOPICS[topicIndex]!;
  const root = `bench-${opts.seed}-root-${topicIndex}@mail.example.org`;
  // Ten messages a day, in order, from the start of 2023.
  const date = new Date(Date.UTC(2023, 0, 2, 8) + index * 8_640_000 + Math.floor(rnd() * 600_000));
  const member = pick(MEMBERS);
  const sentence = (n: number, words = WORDS): string => {
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(pick(words));
    const s = out.join(' ');
    return `${s.charAt(0).toUpperCase()}${s.slice(1)}.`;
  };
  const paragraph = (sentences: number, words = WORDS): string =>
    Array.from({ length: sentences }, () => sentence(6 + Math.floor(rnd() * 12), words)).join(' ');
  const quoted = (lines: number): string[] =>
    Array.from({ length: lines }, () => `> ${sentence(8 + Math.floor(rnd() * 6))}`);
  const listHeaders = (from: Person, subject: string, extra: string[] = []): string[] => [
    `Return-Path: <scs-tech-bounces+listscribe=example.org@${LIST_ID}>`,
    `Received: from mx.${LIST_ID} (mx.${LIST_ID} [192.0.2.${index % 250}]) by mail.example.org with ESMTPS id ${index.toString(36)}; ${date.toUTCString()}`,
    `Received: from ${from.address.split('@')[1]} by mx.${LIST_ID} with ESMTP; ${date.toUTCString()}`,
    `DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=${from.address.split('@')[1]}; s=s1;`,
    ` h=from:to:subject:date:message-id; bh=${base64Of(rnd, 32)};`,
    ` b=${base64Of(rnd, 96)}`,
    `From: ${encodeName(from.name)} <${from.address}>`,
    `To: ${LIST}`,
    `Subject: ${encodeHeader(subject)}`,
    `Date: ${date.toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: <${messageId}>`,
    ...extra,
    'MIME-Version: 1.0',
    `List-Id: Team IaaS <${LIST_ID}>`,
    `List-Post: <mailto:${LIST}>`,
    `List-Unsubscribe: <https://${LIST_ID}/mailman3/lists/scs-tech/>, <mailto:scs-tech-leave@${LIST_ID}>`,
    `List-Archive: <https://${LIST_ID}/archives/list/scs-tech/>`,
    'Precedence: list',
  ];
  const replyHeaders = [`In-Reply-To: <${root}>`, `References: <${root}>`];
  const signature = (p: Person): string[] => ['', '-- ', p.name, 'Sovereign Cloud Stack'];

  let head: string[];
  let body: Buffer;
  switch (kind) {
    case 'plain-reply': {
      const other = pick(MEMBERS);
      const lines = [
        paragraph(2 + Math.floor(rnd() * 3)),
        '',
        `On ${date.toUTCString()}, ${other.name} wrote:`,
        ...quoted(4 + Math.floor(rnd() * 20)),
        '',
        paragraph(1),
        ...signature(member),
      ];
      const useQp = rnd() < 0.3;
      head = [
        ...listHeaders(member, `Re: [scs-tech] ${topic}`, replyHeaders),
        'Content-Type: text/plain; charset=utf-8; format=flowed',
        `Content-Transfer-Encoding: ${useQp ? 'quoted-printable' : '8bit'}`,
      ];
      const text = lines.join('\r\n');
      body = useQp ? Buffer.from(quotedPrintable(Buffer.from(text, 'utf8'))) : Buffer.from(text, 'utf8');
      break;
    }
    case 'alternative': {
      const text = [paragraph(3), '', paragraph(2), ...signature(member)].join('\r\n');
      const html = `<html><head><meta charset="utf-8"></head><body><div dir="ltr"><p>${escapeHtml(paragraph(3))}</p><p>${escapeHtml(paragraph(2))}</p><div class="gmail_quote"><div class="gmail_attr">On ${date.toUTCString()} wrote:</div><blockquote class="gmail_quote">${quoted(8).map(escapeHtml).join('<br>')}</blockquote></div></div></body></html>`;
      const boundary = `alt-${index}-${Math.floor(rnd() * 1e9)}`;
      head = [
        ...listHeaders(member, `Re: [scs-tech] ${topic}`, replyHeaders),
        `Content-Type: multipart/alternative; boundary="${boundary}"`,
      ];
      body = multipart(boundary, [
        part(['Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit'], text),
        part(
          ['Content-Type: text/html; charset=utf-8', 'Content-Transfer-Encoding: quoted-printable'],
          quotedPrintable(Buffer.from(html, 'utf8')),
        ),
      ]);
      break;
    }
    case 'outlook-de': {
      const from = rnd() < 0.5 ? member : pick(GUESTS);
      const other = pick(MEMBERS);
      const charset = rnd() < 0.7 ? 'windows-1252' : 'iso-8859-1';
      const text = [
        `Hallo zusammen,`,
        '',
        paragraph(3, GERMAN),
        '',
        'Viele Grüße',
        from.name,
        '',
        `Von: ${other.name} <${other.address}>`,
        `Gesendet: Montag, 4. Dezember 2023 16:${String(index % 60).padStart(2, '0')}`,
        `An: ${LIST}`,
        `Betreff: ${topic}`,
        '',
        paragraph(4, GERMAN),
      ].join('\r\n');
      const html = `<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><meta http-equiv="Content-Type" content="text/html; charset=${charset}"><style>p.MsoNormal{margin:0cm;font-size:11.0pt;font-family:"Calibri",sans-serif;}</style></head><body lang="DE" link="#0563C1"><div class="WordSection1"><p class="MsoNormal">Hallo zusammen,<o:p></o:p></p><p class="MsoNormal">${escapeHtml(paragraph(3, GERMAN))}<o:p></o:p></p><div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm"><p class="MsoNormal"><b>Von:</b> ${escapeHtml(other.name)}<br><b>Gesendet:</b> Montag, 4. Dezember 2023<br><b>An:</b> ${LIST}<br><b>Betreff:</b> ${escapeHtml(topic)}</p></div><p class="MsoNormal">${escapeHtml(paragraph(4, GERMAN))}</p></div></body></html>`;
      const boundary = `_000_${index.toString(16)}OUTLOOK_`;
      head = [
        ...listHeaders(from, `AW: [scs-tech] ${topic}`, [
          ...replyHeaders,
          `Thread-Topic: ${topic}`,
          'X-MS-Has-Attach:',
          'Content-Language: de-DE',
        ]),
        `Content-Type: multipart/alternative; boundary="${boundary}"`,
      ];
      body = multipart(boundary, [
        part(
          [`Content-Type: text/plain; charset="${charset}"`, 'Content-Transfer-Encoding: quoted-printable'],
          quotedPrintable(Buffer.from(text, 'latin1')),
        ),
        part(
          [`Content-Type: text/html; charset="${charset}"`, 'Content-Transfer-Encoding: quoted-printable'],
          quotedPrintable(Buffer.from(html, 'latin1')),
        ),
      ]);
      break;
    }
    case 'new-thread': {
      const charset = pick(['utf-8', 'iso-8859-15', 'utf-8']);
      const text = [`Hi all,`, '', paragraph(4), '', paragraph(3), ...signature(member)].join('\r\n');
      head = [
        ...listHeaders(member, `[scs-tech] ${topic} – ${sentence(3)}`),
        `Content-Type: text/plain; charset=${charset}`,
        'Content-Transfer-Encoding: base64',
      ];
      body = Buffer.from(
        wrap76(Buffer.from(text, charset === 'utf-8' ? 'utf8' : 'latin1').toString('base64')),
      );
      break;
    }
    case 'tagged': {
      // A fifth from guests: their commands wait for review instead of changing records.
      const from = rnd() < 0.2 ? pick(GUESTS) : member;
      const owner = pick(MEMBERS).handle;
      const variant = Math.floor(rnd() * 4);
      let subject: string;
      const lines: string[] = [paragraph(1), ''];
      if (variant === 0) {
        subject = `[agenda] ${pick(AGENDA_TITLES)} ${index} (@${owner} ~${5 + Math.floor(rnd() * 4) * 5} min)`;
        lines.push(paragraph(2));
      } else if (variant === 1) {
        subject = `Re: [scs-tech] ${topic}`;
        lines.push(`AI @${owner}: ${pick(ACTIONS)} (${index})`, '', paragraph(1));
      } else if (variant === 2) {
        subject = `[decision] ${topic}: ${sentence(5)}`;
        lines.push(paragraph(2));
      } else {
        subject = `Re: [scs-tech] ${topic}`;
        lines.push(`A-${1 + Math.floor(rnd() * 30)} done`, '', paragraph(1));
      }
      lines.push('', `On ${date.toUTCString()}, ${pick(MEMBERS).name} wrote:`, ...quoted(5));
      head = [
        ...listHeaders(from, subject, variant % 2 === 1 ? replyHeaders : []),
        'Content-Type: text/plain; charset=utf-8',
        'Content-Transfer-Encoding: 8bit',
      ];
      body = Buffer.from(lines.join('\r\n'), 'utf8');
      break;
    }
    case 'minutes': {
      const day = date.toISOString().slice(0, 10);
      const md = minutesMarkdown(day, pick, paragraph, index);
      const boundary = `min-${index}`;
      head = [
        ...listHeaders(member, `[minutes] Team IaaS ${day}`),
        `Content-Type: multipart/mixed; boundary="${boundary}"`,
      ];
      body = multipart(boundary, [
        part(['Content-Type: text/plain; charset=utf-8'], 'Minutes attached.\r\n'),
        part(
          [
            'Content-Type: text/markdown; charset=utf-8',
            `Content-Disposition: attachment; filename="${day}.md"`,
            'Content-Transfer-Encoding: 8bit',
          ],
          md,
        ),
      ]);
      break;
    }
    case 'attachment': {
      const size = 100 * 1024 + Math.floor(rnd() * (opts.maxAttachmentBytes - 100 * 1024));
      const pdf = rnd() < 0.5;
      const name = pdf ? `slides-${index}.pdf` : `screenshot-${index}.png`;
      const boundary = `mixed-${index}`;
      head = [
        ...listHeaders(member, `Re: [scs-tech] ${topic}`, replyHeaders),
        `Content-Type: multipart/mixed; boundary="${boundary}"`,
      ];
      body = multipart(boundary, [
        part(['Content-Type: text/plain; charset=utf-8'], [paragraph(2), '', `See ${name}.`].join('\r\n')),
        part(
          [
            `Content-Type: ${pdf ? 'application/pdf' : 'image/png'}; name="${name}"`,
            `Content-Disposition: attachment; filename="${name}"`,
            'Content-Transfer-Encoding: base64',
          ],
          wrap76(randomBytes(rnd, size).toString('base64')),
        ),
      ]);
      break;
    }
    case 'auto-reply': {
      head = [
        ...listHeaders(member, `Automatische Antwort: [scs-tech] ${topic}`, [
          'Auto-Submitted: auto-replied',
          'X-Auto-Response-Suppress: All',
        ]),
        'Content-Type: text/plain; charset=utf-8',
      ];
      body = Buffer.from(`Ich bin bis zum ${date.getUTCDate()}. nicht im Büro.\r\n`, 'utf8');
      break;
    }
  }
  const raw = Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`, 'utf8'), body, Buffer.from('\r\n')]);
  return { index, kind, messageId, raw };
}

function pickKind(r: number): Kind {
  let acc = 0;
  for (const [kind, share] of MIX) {
    acc += share / 1000;
    if (r < acc) return kind;
  }
  return 'plain-reply';
}

function minutesMarkdown(
  day: string,
  pick: <T>(list: readonly T[]) => T,
  paragraph: (n: number) => string,
  index: number,
): string {
  const lines = [`# ${day}`, '', '## Participants', ...MEMBERS.map((m) => `* @${m.handle}`), ''];
  lines.push('## Agenda', '');
  for (let t = 0; t < 4; t++) {
    const owner = pick(MEMBERS).handle;
    lines.push(`### ${pick(AGENDA_TITLES)} (@${owner} ~10 min)`, `* ${paragraph(1)}`);
    if (t === 1) lines.push(`* Decision: ${paragraph(1)}`);
    if (t === 2) lines.push(`* AI @${owner}: ${pick(ACTIONS)} (minutes ${index})`);
    lines.push('');
  }
  return lines.join('\r\n');
}

function part(headers: string[], content: string | Buffer): Buffer {
  return Buffer.concat([Buffer.from(`${headers.join('\r\n')}\r\n\r\n`), Buffer.from(content)]);
}

function multipart(boundary: string, parts: Buffer[]): Buffer {
  const chunks: Buffer[] = [Buffer.from('This is a multi-part message in MIME format.\r\n')];
  for (const p of parts) chunks.push(Buffer.from(`\r\n--${boundary}\r\n`), p);
  chunks.push(Buffer.from(`\r\n--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

function randomBytes(rnd: () => number, size: number): Buffer {
  const out = Buffer.allocUnsafe(size);
  for (let i = 0; i < size; i += 4) {
    const v = Math.floor(rnd() * 4294967296);
    out[i] = v & 0xff;
    if (i + 1 < size) out[i + 1] = (v >>> 8) & 0xff;
    if (i + 2 < size) out[i + 2] = (v >>> 16) & 0xff;
    if (i + 3 < size) out[i + 3] = (v >>> 24) & 0xff;
  }
  return out;
}

function base64Of(rnd: () => number, bytes: number): string {
  return randomBytes(rnd, bytes).toString('base64');
}

function wrap76(s: string): string {
  const lines: string[] = [];
  for (let i = 0; i < s.length; i += 76) lines.push(s.slice(i, i + 76));
  return lines.join('\r\n');
}

/** RFC 2045 quoted-printable with soft breaks at 76 columns (lines end in CRLF). */
export function quotedPrintable(bytes: Buffer): string {
  const out: string[] = [];
  let line = '';
  const push = (token: string): void => {
    if (line.length + token.length > 75) {
      out.push(`${line}=`);
      line = '';
    }
    line += token;
  };
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b === 0x0d && bytes[i + 1] === 0x0a) {
      out.push(line);
      line = '';
      i++;
      continue;
    }
    const printable = (b >= 33 && b <= 126 && b !== 61) || (b === 32 && bytes[i + 1] !== 0x0d);
    push(printable ? String.fromCharCode(b) : `=${b.toString(16).toUpperCase().padStart(2, '0')}`);
  }
  out.push(line);
  return out.join('\r\n');
}

function encodeHeader(value: string): string {
  if (/^[\x20-\x7e]*$/.test(value)) return value;
  return `=?UTF-8?B?${Buffer.from(value, 'utf8').toString('base64')}?=`;
}

function encodeName(name: string): string {
  if (/^[\x20-\x7e]*$/.test(name)) return `"${name}"`;
  return `=?ISO-8859-1?Q?${[...Buffer.from(name, 'latin1')]
    .map((b) =>
      (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122)
        ? String.fromCharCode(b)
        : b === 32
          ? '_'
          : `=${b.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('')}?=`;
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
