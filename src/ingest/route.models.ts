import type { NormalizedMail } from '../mail/mail.types.js';

export interface TeamRoute {
  slug: string;
  list: string;
  listId?: string | undefined;
}

/**
 * Which team a message belongs to. One mailbox may be subscribed to several lists:
 * List-Id is the reliable tell; To/Cc naming the list address the fallback (a
 * message sent to the bot directly, or a list that strips List-Id). With a single
 * team, everything is that team's.
 */
export function routeToTeam(mail: NormalizedMail, teams: readonly TeamRoute[]): string | null {
  if (teams.length === 1) return teams[0]!.slug;
  const listId = /<([^>]+)>/.exec(mail.headers.get('list-id')?.[0] ?? '')?.[1]?.toLowerCase();
  if (listId) {
    const byId = teams.find((t) => t.listId?.toLowerCase() === listId);
    if (byId) return byId.slug;
  }
  const recipients = new Set([...mail.to, ...mail.cc].map((a) => a.address));
  return teams.find((t) => recipients.has(t.list.toLowerCase()))?.slug ?? null;
}

/** The thread a message belongs to: the root of its References chain. */
export function threadIdOf(mail: NormalizedMail, messageId: string): string {
  return mail.references[0] ?? mail.inReplyTo ?? messageId;
}
