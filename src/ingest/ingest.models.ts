import { createHash } from 'node:crypto';
import { hasIdentityPolicy, type IdentityOutcome, type IdentityPolicy } from '../identity/identity.models.js';
import { type ExtractContext, handleOf, type Person, type Understanding } from '../mail/extract.js';
import type { NormalizedMail } from '../mail/mail.types.js';

/** A configured team, as ingest sees it. */
export interface TeamContext {
  slug: string;
  name: string;
  list: string;
  listId?: string | undefined;
  /** listscribe's own address on the list. */
  address: string;
  people: Person[];
  /** Proof of the author's identity a member's commands need (DKIM/ARC/Authentication-Results). */
  identity?: IdentityPolicy | undefined;
  /** Reply privately to a member saying what their message recorded (off unless configured). */
  confirmSender?: boolean | undefined;
}

export function extractContextOf(
  team: TeamContext | undefined,
  allTeams: readonly TeamContext[],
): ExtractContext {
  return {
    people: team?.people ?? [],
    // Our digests to any team's list are our own, whichever list echoes them back.
    ownAddresses: allTeams.map((t) => t.address),
    listAddresses: allTeams.map((t) => t.list),
  };
}

export type Outcome = 'recorded' | 'skipped' | 'failed' | 'needs-review';

export interface Verdict {
  outcome: Outcome;
  reason: string | null;
  detail: string | null;
}

/**
 * What happens to an understood message. Skips first (never act on robots); then
 * membership: a non-member's commands wait for an operator instead of changing the
 * team's records, and so do a member's when the team asks for proof of identity and
 * the message has none. A non-member's plain discussion mail is simply recorded.
 */
export function verdictOf(
  understanding: Understanding,
  team: TeamContext,
  identity: IdentityOutcome | null = null,
): Verdict {
  const { extraction } = understanding;
  if (extraction.skip)
    return { outcome: 'skipped', reason: extraction.skip.reason, detail: extraction.skip.detail };
  if (!actsOnRecords(understanding)) return { outcome: 'recorded', reason: null, detail: null };
  if (!isMember(extraction.author.address, team)) {
    return {
      outcome: 'needs-review',
      reason: 'not-a-member',
      detail: `${extraction.author.address || 'unknown sender'} is not on the ${team.name} roster`,
    };
  }
  if (identity && !identity.verified) {
    return { outcome: 'needs-review', reason: 'unverified-sender', detail: identity.why };
  }
  return { outcome: 'recorded', reason: null, detail: null };
}

/** Commands of any kind, including "withdrawn" or "move to …" in an agenda item's thread. */
function actsOnRecords({ extraction, agendaCommands }: Understanding): boolean {
  return extraction.items.length > 0 || extraction.minutes !== null || agendaCommands.length > 0;
}

/** Only a member's commands are worth the DNS lookups: everything else is decided without them. */
export function needsIdentityCheck(understanding: Understanding, team: TeamContext): boolean {
  return (
    hasIdentityPolicy(team.identity) &&
    understanding.extraction.skip === null &&
    actsOnRecords(understanding) &&
    isMember(understanding.extraction.author.address, team)
  );
}

export function isMember(address: string, team: TeamContext): boolean {
  return (
    handleOf({ address, name: '' }, { people: team.people, ownAddresses: [], listAddresses: [] }) !== null
  );
}

/** A stable stand-in for a missing Message-ID, so the same bytes are still stored once. */
export function syntheticMessageId(raw: Buffer | string): string {
  return `sha256:${createHash('sha256').update(raw).digest('hex')}`;
}

export function messageIdOf(mail: NormalizedMail, raw: Buffer): string {
  return mail.messageId ?? syntheticMessageId(raw);
}
