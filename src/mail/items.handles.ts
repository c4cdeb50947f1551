/**
 * GitHub-style handles ("@fkr", "@alexander-diab", "@FriederikeZelke") and the owner lists the
 * team writes in front of or behind an action item.
 */

/**
 * A handle ends on a letter, digit or "_", so "@fkr." and "@fkr:" lose the punctuation. The "@"
 * must not follow a word character, which keeps e-mail addresses ("scs-tech@lists…") out.
 */
export const HANDLE = /(?<![\p{L}\p{N}_@.+-])@([A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?)/u;

const HANDLE_AT_START = new RegExp(`^${HANDLE.source}`, 'u');
const OWNER_SEPARATOR = /^\s*(?:(?:,|&|\+|\/|\band\b|\bund\b|w\/|\bwith\b|\bsowie\b)\s*)*/i;
const OWNER_NOISE = /^\s*,?\s*(?:\.\.\.|…|et al\.?|etc\.?)/i;
const OWNER_INTRO = /^\s*(?:for|to|an|für)\s+(?=@)/i;

export interface OwnersPrefix {
  owners: string[];
  rest: string;
}

/** Reads "@a, @b and @c" (optionally "(@a, @b)", optionally "for @a") at the start of text. */
export function leadingOwners(text: string): OwnersPrefix {
  let rest = text.replace(/^\s+/, '');
  const wrapped = /^\(([^()]*)\)/.exec(rest);
  if (wrapped) {
    const inner = leadingOwners(wrapped[1]!);
    if (inner.owners.length > 0 && inner.rest.trim() === '') {
      return { owners: inner.owners, rest: rest.slice(wrapped[0].length) };
    }
  }
  rest = rest.replace(OWNER_INTRO, '');
  const owners: string[] = [];
  for (;;) {
    const candidate = owners.length === 0 ? rest : rest.replace(OWNER_SEPARATOR, '');
    const handle = HANDLE_AT_START.exec(candidate);
    if (!handle) break;
    owners.push(handle[1]!);
    rest = candidate.slice(handle[0].length);
    const noise = OWNER_NOISE.exec(rest);
    if (noise) rest = rest.slice(noise[0].length);
  }
  if (owners.length === 0) return { owners, rest: text };
  return { owners: dedupe(owners), rest };
}

/** "write docs (@fkr)", "write docs (@a, @b)", "write docs => @garloff" at the end of text. */
export function trailingOwners(text: string): OwnersPrefix {
  const paren = /\s*\(([^()]*)\)\s*[.:]?\s*$/.exec(text);
  if (paren) {
    const inner = leadingOwners(paren[1]!);
    if (inner.owners.length > 0 && inner.rest.trim() === '') {
      return { owners: inner.owners, rest: text.slice(0, paren.index) };
    }
  }
  const arrow = /\s*(?:=>|->|→)\s*((?:@[A-Za-z0-9_.-]+[\s,&]*)+)\s*$/.exec(text);
  if (arrow) {
    const inner = leadingOwners(arrow[1]!);
    if (inner.owners.length > 0 && inner.rest.trim() === '') {
      return { owners: inner.owners, rest: text.slice(0, arrow.index) };
    }
  }
  return { owners: [], rest: text };
}

/**
 * "fkr, garloff: write it down" (handles written without "@", as in a subject line). Names must
 * start lower-case or with a digit, like most handles, so "Docs: update README" stays text.
 */
export function bareOwners(text: string): OwnersPrefix {
  const match = /^\s*([a-z0-9][A-Za-z0-9_.-]*(?:\s*(?:,|&|\band\b)\s*[a-z0-9][A-Za-z0-9_.-]*)*)\s*:\s*/.exec(
    text,
  );
  if (!match) return { owners: [], rest: text };
  const owners = match[1]!
    .split(/\s*(?:,|&|\band\b)\s*/)
    .map((name) => name.replace(/[.-]+$/, ''))
    .filter((name) => name.length > 0 && name !== 'and');
  if (owners.length === 0 || owners.length > 8) return { owners: [], rest: text };
  return { owners: dedupe(owners), rest: text.slice(match[0].length) };
}

export function dedupe<T>(values: T[]): T[] {
  return [...new Set(values)];
}
