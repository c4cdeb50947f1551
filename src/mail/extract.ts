import { dateFromFileName, looksLikeMinutes, parseMinutes } from '../minutes/minutes.models.js';
import { type AgendaCommand, meetingNamedInTitle, parseAgendaCommands } from './agenda-commands.models.js';
import { resolveAuthor } from './author.models.js';
import { extractItems, parseActionText } from './items.models.js';
import { normalizeMail } from './mail.normalize.js';
import type { ExtractedItem, Extraction, MailAddress, NormalizedMail, SubjectTag } from './mail.types.js';
import { trimReply } from './reply-trim.models.js';
import { detectSkip } from './skip.models.js';
import { parseSubject } from './subject.models.js';
import { parseTimeBox } from './timebox.models.js';

export interface Person {
  handle: string;
  name?: string;
  addresses: string[];
}

/** What extraction needs to know about a team; all of it optional (inspect runs without configuration). */
export interface ExtractContext {
  people: Person[];
  /** Addresses listscribe sends from: mail from them is its own coming back. */
  ownAddresses: string[];
  /** The list's posting addresses: a From: rewritten to one of them hides the real author. */
  listAddresses: string[];
}

export const emptyContext: ExtractContext = { people: [], ownAddresses: [], listAddresses: [] };

export async function extractFromRaw(
  raw: Buffer,
  context: ExtractContext = emptyContext,
): Promise<Extraction> {
  return extractFromMail(await normalizeMail(raw), context);
}

/** The pure part: everything `inspect` reports about one parsed message. */
export function extractFromMail(mail: NormalizedMail, context: ExtractContext): Extraction {
  return understandMail(mail, context).extraction;
}

/** What ingest needs beyond the `inspect` contract. */
export interface Understanding {
  extraction: Extraction;
  /** The minutes' Markdown as written. */
  minutesMarkdown: string | null;
  /** The meeting an [agenda] subject names ("[agenda] 2023-12-18: Topic"), as a local date. */
  agendaMeetingDate: string | null;
  /** Withdraw/move commands in new text, for the agenda items of the message's thread. */
  agendaCommands: AgendaCommand[];
}

export function understandMail(mail: NormalizedMail, context: ExtractContext): Understanding {
  const author = resolveAuthor(mail, context.listAddresses);
  const skip = detectSkip(mail, context.ownAddresses);
  const subject = parseSubject(mail.subject);
  const { reply } = trimReply({ text: mail.text, html: mail.html, subject: mail.subject });
  const base = { messageId: mail.messageId, author, subject: mail.subject, tags: subject.tags, skip, reply };
  if (skip) {
    return {
      extraction: { ...base, items: [], minutes: null },
      minutesMarkdown: null,
      agendaMeetingDate: null,
      agendaCommands: [],
    };
  }

  const referenceDate = mail.date;
  const minutesSource = findMinutes(mail, subject.tags, reply);
  const minutesDoc = minutesSource
    ? parseMinutes(minutesSource.markdown, {
        fallbackDate: minutesSource.fallbackDate ?? isoDate(mail.date),
        referenceDate,
      })
    : null;

  const ownerOf = (explicit: string | undefined): string =>
    explicit ?? handleOf(author, context) ?? author.address;
  const named = subject.tags.includes('agenda')
    ? meetingNamedInTitle(subject.title, referenceDate)
    : { title: subject.title, meetingDate: null };
  const fromSubject = subjectItems(subject.tags, named.title, ownerOf, referenceDate);
  const fromBody = minutesDoc ? minutesDoc.items : extractItems(reply, { referenceDate });
  return {
    extraction: {
      ...base,
      items: dedupe([...fromSubject, ...fromBody]),
      minutes: minutesDoc ? minutesDoc.minutes : null,
    },
    minutesMarkdown: minutesSource?.markdown ?? null,
    agendaMeetingDate: named.meetingDate,
    agendaCommands: minutesDoc ? [] : parseAgendaCommands(reply, referenceDate),
  };
}

/** Minutes handles are GitHub handles; an author's handle comes from configuration only. */
export function handleOf(author: MailAddress, context: ExtractContext): string | null {
  const address = author.address.toLowerCase();
  const person = context.people.find((p) => p.addresses.some((a) => a.toLowerCase() === address));
  return person?.handle ?? null;
}

const ACTION_REF = /\bA-?\d+\b/;

function subjectItems(
  tags: readonly SubjectTag[],
  title: string,
  ownerOf: (explicit: string | undefined) => string,
  referenceDate: Date | null,
): ExtractedItem[] {
  const items: ExtractedItem[] = [];
  if (title === '') return items;
  if (tags.includes('agenda')) {
    const { title: itemTitle, timeBox } = parseTimeBox(title);
    if (itemTitle !== '') {
      items.push({
        kind: 'agenda',
        title: itemTitle,
        owner: ownerOf(timeBox?.owners[0]),
        minutes: timeBox?.minutes ?? null,
      });
    }
  }
  if (tags.includes('action')) {
    // "[action] done" or "[action] AI @fkr: …" read like new text; anything
    // else in an [action] subject is one action item ("[action] @fkr write it down").
    // A title that only names an existing item ("[AI] A-14 status") creates nothing.
    const found = extractItems(title, { referenceDate });
    if (found.length) items.push(...found);
    else if (!ACTION_REF.test(title)) items.push(parseActionText(title, { referenceDate }));
  }
  if (tags.includes('decision')) items.push({ kind: 'decision', text: title });
  return items;
}

/**
 * The minutes of a `[minutes]` mail are its body, or an attached Markdown file when the
 * body only says "minutes attached". Untagged mail is read as minutes only when it
 * carries a minutes file, so a long discussion never turns into minutes by accident;
 * a reply in a `[minutes]` thread ("A-3 done", a correction) only when its new text
 * is itself shaped like minutes.
 */
function findMinutes(
  mail: NormalizedMail,
  tags: readonly SubjectTag[],
  reply: string,
): { markdown: string; fallbackDate: string | null } | null {
  const attached = mail.textAttachments.find(
    (a) => /\.(md|markdown)$/i.test(a.filename) && looksLikeMinutes(a.content),
  );
  if (attached) return { markdown: attached.content, fallbackDate: dateFromFileName(attached.filename) };
  const isReply =
    mail.inReplyTo !== null || /^\s*(re|aw|sv|antw|vs|odp)\s*(\[\d+\])?\s*:/i.test(mail.subject);
  if (tags.includes('minutes') && reply.trim() !== '' && (!isReply || looksLikeMinutes(reply))) {
    return { markdown: reply, fallbackDate: null };
  }
  return null;
}

function dedupe(items: ExtractedItem[]): ExtractedItem[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = JSON.stringify(item);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function isoDate(date: Date | null): string | null {
  return date ? date.toISOString().slice(0, 10) : null;
}

/** For a minutes `.md` file given to `inspect` or `import`. */
export function extractFromMinutesFile(fileName: string, markdown: string): Extraction {
  const fallbackDate = dateFromFileName(fileName);
  // Due dates without a year ("due 15 Jan") count from the meeting the minutes are of.
  const referenceDate = fallbackDate ? new Date(`${fallbackDate}T12:00:00Z`) : null;
  const doc = parseMinutes(markdown, { fallbackDate, referenceDate });
  return {
    messageId: null,
    author: { address: '', name: '' },
    subject: '',
    tags: ['minutes'],
    skip: null,
    reply: markdown.trim(),
    items: doc.items,
    minutes: doc.minutes,
  };
}
