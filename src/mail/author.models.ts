import { parseAddressList } from './address.models.js';
import type { MailAddress, NormalizedMail } from './mail.types.js';

/**
 * The real author of a message.
 *
 * Lists that rewrite From: for DMARC (Mailman's "from_is_list"/"dmarc_moderation_action:
 * munge", Google Groups) replace the author with the list address and put a
 * "Name via list" display name on it. The original author then survives in, by
 * reliability: X-Original-From (Mailman 3, Sympa), X-Original-Sender (Google
 * Groups), Reply-To (Mailman 2 sets it to the author unless the list forces
 * reply-to-list) and Cc (Mailman's "munge" mode with reply-to-list).
 */
export function resolveAuthor(mail: NormalizedMail, listAddresses: readonly string[]): MailAddress {
  const from = mail.from[0] ?? { address: '', name: '' };
  if (!isRewrittenByList(mail, from, listAddresses)) return from;

  const viaName = stripVia(from.name);
  const lists = knownListAddresses(mail, listAddresses);
  const notList = (a: MailAddress): boolean => a.address.includes('@') && !lists.has(a.address);

  const original = firstAddress(mail, 'x-original-from') ?? firstAddress(mail, 'x-original-sender');
  if (original && notList(original)) return { address: original.address, name: original.name || viaName };

  const replyTo = mail.replyTo.filter(notList);
  if (replyTo.length === 1) return { address: replyTo[0]!.address, name: replyTo[0]!.name || viaName };

  // In Cc, prefer the address whose name matches the rewritten display name.
  const cc = mail.cc.filter(notList);
  const byName = cc.find((a) => a.name !== '' && a.name.toLowerCase() === viaName.toLowerCase());
  const fromCc = byName ?? (cc.length === 1 ? cc[0] : undefined);
  if (fromCc) return { address: fromCc.address, name: fromCc.name || viaName };

  // Nothing names the author: keep the list address, but with the author's name.
  return { address: from.address, name: viaName };
}

const VIA = /^\s*['"]?(.*?)['"]?\s+via\s+\S.*$/i;

function stripVia(name: string): string {
  return (VIA.exec(name)?.[1] ?? name).trim();
}

function isRewrittenByList(
  mail: NormalizedMail,
  from: MailAddress,
  listAddresses: readonly string[],
): boolean {
  if (knownListAddresses(mail, listAddresses).has(from.address)) return true;
  // Without configuration we cannot know the list address; " via " plus a list header is the tell.
  return VIA.test(from.name) && (mail.headers.has('list-id') || mail.headers.has('list-post'));
}

function knownListAddresses(mail: NormalizedMail, listAddresses: readonly string[]): Set<string> {
  const set = new Set(listAddresses.map((a) => a.toLowerCase()));
  const post = /<mailto:([^>?]+)/i.exec(mail.headers.get('list-post')?.[0] ?? '')?.[1];
  if (post) set.add(post.toLowerCase());
  return set;
}

function firstAddress(mail: NormalizedMail, header: string): MailAddress | undefined {
  const value = mail.headers.get(header)?.[0];
  return value ? parseAddressList(value)[0] : undefined;
}
