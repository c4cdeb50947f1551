import type { Occurrence } from '../meetings/meeting.types.js';
import type { DigestAgendaItem, DigestThread } from './digest.types.js';

export interface OpenAgendaItem {
  title: string;
  owner: string;
  minutes: number | null;
  /** The meeting it was filed or moved for, or null for "the next one". */
  meetingDate: string | null;
  createdAt: Date;
}

/**
 * The agenda of a meeting: open items filed before it starts whose meeting is this one
 * or an earlier one (those were not discussed: carried over, marked with where they
 * come from). Items for a later meeting wait. Carried-over items come first, then in
 * the order they were filed.
 */
export function agendaForMeeting(
  items: readonly OpenAgendaItem[],
  meeting: Occurrence,
  meetingAfter: (instant: Date) => string | null,
): DigestAgendaItem[] {
  const placed = items
    .filter((item) => item.createdAt < meeting.startsAt)
    .map((item) => ({ item, target: item.meetingDate ?? meetingAfter(item.createdAt) ?? meeting.localDate }))
    .filter(({ target }) => target <= meeting.localDate);
  const carried = (target: string) => target < meeting.localDate;
  placed.sort(
    (a, b) =>
      Number(carried(b.target)) - Number(carried(a.target)) ||
      a.item.createdAt.getTime() - b.item.createdAt.getTime(),
  );
  return placed.map(({ item, target }) => ({
    title: item.title,
    owner: item.owner,
    minutes: item.minutes,
    carriedFrom: carried(target) ? target : null,
  }));
}

export interface ThreadMessage {
  threadId: string;
  subject: string;
  /** Handle, else name, else address. */
  author: string;
  sentAt: Date;
}

const REPLY_PREFIX = /^\s*((re|aw|sv|antw|vs|odp|fwd?|wg|tr)\s*(\[\d+\])?\s*:\s*|\[[^\]]{1,40}\]\s*)+/i;

/** The list's conversations in a window: one line per thread, busiest first. */
export function threadsOf(messages: readonly ThreadMessage[]): DigestThread[] {
  const byThread = new Map<string, ThreadMessage[]>();
  for (const message of [...messages].sort((a, b) => a.sentAt.getTime() - b.sentAt.getTime())) {
    const list = byThread.get(message.threadId);
    if (list) list.push(message);
    else byThread.set(message.threadId, [message]);
  }
  return [...byThread.values()]
    .map((thread) => ({
      subject: thread[0]!.subject.replace(REPLY_PREFIX, '').trim() || '(no subject)',
      messages: thread.length,
      participants: [...new Set(thread.map((m) => m.author))],
      lastAt: thread[thread.length - 1]!.sentAt,
    }))
    .sort((a, b) => b.messages - a.messages || b.lastAt.getTime() - a.lastAt.getTime());
}

/**
 * One line that says what a topic came to: the first bullet under the topic's
 * heading in the minutes, shortened. Null when the topic has no bullet of its own.
 */
export function topicSummary(markdown: string, topicTitle: string): string | null {
  const lines = markdown.split(/\r?\n/);
  const wanted = normalize(topicTitle);
  const start = lines.findIndex(
    (line) => /^#{1,6}\s/.test(line) && normalize(line.replace(/^#+\s*/, '')).startsWith(wanted),
  );
  if (start < 0 || wanted === '') return null;
  for (const line of lines.slice(start + 1)) {
    if (/^#{1,6}\s/.test(line)) return null;
    const bullet = /^\s{0,3}[-*+]\s+(.+)$/.exec(line)?.[1]?.trim();
    if (bullet) return bullet.length > 140 ? `${bullet.slice(0, 139).trimEnd()}…` : bullet;
  }
  return null;
}

/**
 * The minutes topic a decision was taken under: the nearest topic heading above the line
 * that states it. Null when the decision is not in the minutes (it came from the list) or
 * stands before the first topic.
 */
export function decisionTopic(
  markdown: string,
  topicTitles: readonly string[],
  decision: string,
): string | null {
  const wanted = normalize(decision);
  if (wanted === '') return null;
  const lines = markdown.split(/\r?\n/);
  const at = lines.findIndex((line) => !/^#{1,6}\s/.test(line) && normalize(line).includes(wanted));
  // Longest first, so "SCS lab cabling status" wins over "SCS lab" under "### SCS lab cabling status".
  const titles = [...topicTitles].sort((a, b) => b.length - a.length);
  for (let i = at - 1; i >= 0; i--) {
    const heading = /^#{1,6}\s+(.*)$/.exec(lines[i]!)?.[1];
    if (heading === undefined) continue;
    const normalized = normalize(heading);
    return titles.find((title) => normalized.startsWith(normalize(title))) ?? null;
  }
  return null;
}

function normalize(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
