import type { RecordedItem } from '../records/records.usecases.js';

/**
 * The short private reply that tells a member what listscribe recorded from their
 * message, and how to take it back. Pure: the use case decides who gets one and
 * when; this says what it says.
 */

export type ConfirmationKind = 'agenda' | 'action' | 'update' | 'decision';

export const CONFIRMATION_KINDS: readonly ConfirmationKind[] = ['agenda', 'action', 'update', 'decision'];

export function confirmationKind(item: RecordedItem): ConfirmationKind {
  return item.kind === 'action-update' ? 'update' : item.kind;
}

/**
 * Robots' mailboxes: a confirmation to them is at best dropped, at worst answered,
 * and their mail is normally skipped before it gets here anyway.
 */
const AUTOMATED_LOCAL_PART = /^(?:no-?reply|do-?not-?reply|mailer-daemon|postmaster|bounces?)(?:[+-].*)?$/i;
/** One plain address: no spaces, brackets, quotes or control characters that could bend a header. */
const PLAIN_ADDRESS =
  /^[^\s@<>()[\]\\,;:"\u0000-\u001f\u007f]+@[^\s@<>()[\]\\,;:"\u0000-\u001f\u007f]+\.[^\s@<>()[\]\\,;:"\u0000-\u001f\u007f]+$/;

/**
 * The address a confirmation may go to, or null: never one of our own addresses or
 * a list (a private reply must not reach the list), never a robot's mailbox, and
 * only a plain address.
 */
export function confirmationRecipient(address: string, notTo: readonly string[]): string | null {
  const candidate = address.trim().toLowerCase();
  if (!PLAIN_ADDRESS.test(candidate)) return null;
  if (notTo.some((own) => own.toLowerCase() === candidate)) return null;
  if (AUTOMATED_LOCAL_PART.test(candidate.slice(0, candidate.lastIndexOf('@')))) return null;
  return candidate;
}

/** A Message-ID fit for In-Reply-To, or null (our "sha256:…" stand-ins, anything that could break the header). */
export function replyTarget(messageId: string): string | null {
  return /^[^\s<>@\u0000-\u001f\u007f]+@[^\s<>@\u0000-\u001f\u007f]+$/.test(messageId) ? messageId : null;
}

/**
 * The day a quota counts against: the date in the team's time zone (its meetings'), so that
 * "one a day" means the team's day; UTC for a team without meetings.
 */
export function quotaDay(at: Date, timeZone = 'UTC'): string {
  let format = dayFormats.get(timeZone);
  if (!format) {
    // en-CA writes dates as YYYY-MM-DD.
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    dayFormats.set(timeZone, format);
  }
  return format.format(at);
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();

export interface ConfirmationInput {
  teamName: string;
  author: { address: string; name: string };
  /** The member's subject, as received. */
  subject: string;
  /** Only the items to confirm (kinds the sender has not had a confirmation for today). */
  items: readonly RecordedItem[];
  /** The meeting an agenda item without a date of its own goes to (YYYY-MM-DD), when one is scheduled. */
  nextMeetingDate: string | null;
}

export interface ConfirmationDraft {
  subject: string;
  text: string;
}

export function confirmationDraft(input: ConfirmationInput): ConfirmationDraft {
  const subject = oneLine(input.subject);
  const greeting = oneLine(input.author.name) || input.author.address;
  const lines = [
    `Hello ${greeting},`,
    '',
    `listscribe recorded this from your message "${subject}" to ${oneLine(input.teamName)}:`,
    '',
    ...input.items.map((item) => `  - ${describeRecorded(item, input.nextMeetingDate)}`),
    '',
    ...howToUndo(input.items),
    '',
    '-- ',
    `An automatic reply from listscribe for ${oneLine(input.teamName)}, sent only to you:`,
    'at most one a day for each kind of record (agenda, action items, updates, decisions).',
  ];
  return { subject: /^re:/i.test(subject) ? subject : `Re: ${subject}`, text: `${lines.join('\n')}\n` };
}

/** "agenda item for Mon 2023-12-11: IaaS standards v3 (15 min, @garloff)" and the like. */
export function describeRecorded(item: RecordedItem, nextMeetingDate: string | null): string {
  switch (item.kind) {
    case 'agenda': {
      const date = item.meetingDate ?? nextMeetingDate;
      const when = date ? `for ${weekday(date)} ${date}` : 'for the next meeting';
      const box = [item.minutes === null ? null : `${item.minutes} min`, handle(item.owner)].filter(Boolean);
      return `agenda item ${when}: ${oneLine(item.title)} (${box.join(', ')})`;
    }
    case 'action': {
      const owners = item.owners.length ? `for ${item.owners.map(handle).join(', ')}` : '(no owner yet)';
      const due = item.due ? ` (due ${item.due})` : '';
      return `action item ${item.ref} ${owners}: ${oneLine(item.text)}${due}`;
    }
    case 'action-update':
      return `${item.ref} ${item.status === 'open' ? 'reopened' : `marked ${item.status}`}`;
    case 'decision':
      return `decision: ${oneLine(item.text)}`;
  }
}

function howToUndo(items: readonly RecordedItem[]): string[] {
  const lines: string[] = [];
  const first = <K extends RecordedItem['kind']>(kind: K) =>
    items.find((i): i is Extract<RecordedItem, { kind: K }> => i.kind === kind);
  if (first('agenda')) {
    lines.push(
      'To withdraw an agenda item, reply "withdrawn" to your message on the list;',
      '"move to next meeting" or "move to YYYY-MM-DD" there moves it instead.',
    );
  }
  const action = first('action');
  if (action) lines.push(`To drop an action item, write "[action] ${action.ref} dropped" to the list.`);
  const update = first('action-update');
  if (update) {
    lines.push(
      update.status === 'open'
        ? `To close it again, write "[action] ${update.ref} done" to the list.`
        : `If that was a mistake, write "[action] ${update.ref} reopen" to the list.`,
    );
  }
  if (first('decision')) lines.push('A decision stays on record; if this one is wrong, say so on the list.');
  return lines;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

function weekday(localDate: string): string {
  // Noon UTC of that date is the same calendar day in every time zone that matters here.
  return WEEKDAYS[new Date(`${localDate}T12:00:00Z`).getUTCDay()] ?? '';
}

function handle(owner: string): string {
  return owner.includes('@') ? owner : `@${owner}`;
}

function oneLine(text: string): string {
  return text
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .replace(/\s{2,}/g, ' ')
    .trim();
}
