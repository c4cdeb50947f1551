import type { Person } from '../mail/extract.js';

/**
 * The roster of a team is the configured people plus the members an operator added
 * from list traffic (`listscribe members add`). The configuration stays the source of
 * truth for the people it names: an added entry never changes them, and a handle or
 * address the configuration claims wins over an added one.
 */
export interface AddedMember {
  team: string;
  handle: string;
  name: string | null;
  addresses: string[];
}

export function mergeRoster(configured: readonly Person[], added: readonly AddedMember[]): Person[] {
  const handles = new Set(configured.map((p) => p.handle.toLowerCase()));
  const claimed = new Set(configured.flatMap((p) => p.addresses.map((a) => a.toLowerCase())));
  const extra: Person[] = [];
  for (const member of added) {
    if (handles.has(member.handle.toLowerCase())) continue;
    const addresses = member.addresses.filter((a) => !claimed.has(a.toLowerCase()));
    if (addresses.length === 0) continue;
    extra.push({ handle: member.handle, ...(member.name ? { name: member.name } : {}), addresses });
  }
  return [...configured, ...extra];
}

export type AdditionPlan =
  | { kind: 'new' }
  | { kind: 'extend'; addresses: string[] }
  | { kind: 'refused'; code: 'MEMBER_EXISTS' | 'MEMBER_CONFIGURED'; message: string };

/** What `members add ADDRESS --handle H` may do to a team's roster. */
export function planAddition(
  configured: readonly Person[],
  added: readonly AddedMember[],
  address: string,
  handle: string,
): AdditionPlan {
  const wanted = address.toLowerCase();
  const owner = [...configured, ...added].find((p) => p.addresses.some((a) => a.toLowerCase() === wanted));
  if (owner) {
    return {
      kind: 'refused',
      code: 'MEMBER_EXISTS',
      message: `${address} is already on the roster as @${owner.handle}`,
    };
  }
  const key = handle.toLowerCase();
  if (configured.some((p) => p.handle.toLowerCase() === key)) {
    return {
      kind: 'refused',
      code: 'MEMBER_CONFIGURED',
      message: `@${handle} is configured: add ${address} to that person's addresses in the configuration file`,
    };
  }
  const existing = added.find((p) => p.handle.toLowerCase() === key);
  return existing ? { kind: 'extend', addresses: [...existing.addresses, wanted] } : { kind: 'new' };
}

/** How often a sender outside the roster wrote to the list. */
export interface SenderActivity {
  address: string;
  name: string;
  messages: number;
  /** Of those, commands held for review. */
  held: number;
  lastAt: Date;
}

export interface Suggestion extends SenderActivity {
  handle: string;
}

/** Frequent senders not on the roster, most active first, each with a handle to start from. */
export function suggestMembers(
  activity: readonly SenderActivity[],
  roster: readonly Person[],
  limit: number,
): Suggestion[] {
  const known = new Set(roster.flatMap((p) => p.addresses.map((a) => a.toLowerCase())));
  const taken = new Set(roster.map((p) => p.handle.toLowerCase()));
  return activity
    .filter((a) => a.address.includes('@') && !known.has(a.address.toLowerCase()))
    .sort((a, b) => b.held - a.held || b.messages - a.messages || b.lastAt.getTime() - a.lastAt.getTime())
    .slice(0, limit)
    .map((a) => {
      const handle = uniqueHandle(handleFrom(a.name, a.address), taken);
      taken.add(handle.toLowerCase());
      return { ...a, handle };
    });
}

/** "Friederike Zelke" → "FriederikeZelke"; no usable name → the address's local part. */
export function handleFrom(name: string, address: string): string {
  const fromName = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .split(/\s+/)
    .map((w) => w.replace(/[^A-Za-z0-9]/g, ''))
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
  const local = address
    .split('@')[0]!
    .replace(/[^A-Za-z0-9_.-]/g, '')
    .replace(/^[^A-Za-z0-9]+/, '');
  return fromName || local || 'member';
}

function uniqueHandle(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base.toLowerCase())) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}${n}`.toLowerCase())) return `${base}${n}`;
}
