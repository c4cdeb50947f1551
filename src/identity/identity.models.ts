/**
 * Stronger identity for a team's commands: is the author really who From: says? The
 * roster only knows addresses, and an address is trivial to forge. A team can ask for
 * proof from one of three sources, any of which suffices:
 *
 * - `dkim`: a DKIM signature we verify ourselves, by the author's domain. Lists that
 *   change the subject or add a footer break it, hence the two below.
 * - `arcSealers`: the list host verified the author's DKIM/DMARC on arrival and sealed
 *   its findings with ARC. We trust what a configured sealer wrote, once the ARC chain
 *   (and so that seal) verifies.
 * - `authservId`: our own mail server verified the message and wrote an
 *   Authentication-Results header. Anyone can write such a header, so only the topmost
 *   one counts (the last added, by our server), and only when it carries the pinned
 *   authserv-id; the server must drop copies of its id from incoming mail (RFC 8601 §5).
 *
 * All of it is pure: the evidence is gathered by identity.verifier.ts (DNS, crypto).
 */

export interface IdentityPolicy {
  dkim: boolean;
  arcSealers: string[];
  authservId: string | null;
}

/** One `method=result` of an Authentication-Results header, with the domain it vouches for. */
export interface AuthResult {
  method: string;
  result: string;
  /** header.d for dkim, header.from for dmarc; null when absent. */
  domain: string | null;
}

export interface AuthResultsHeader {
  authservId: string;
  results: AuthResult[];
}

export interface IdentityEvidence {
  /** Our own verification of each DKIM-Signature. */
  dkim: Array<{ domain: string; result: string }>;
  arc: {
    result: string;
    /** d= of the newest ARC-Seal. */
    sealer: string | null;
    /** The newest ARC-Authentication-Results: what the sealer found on arrival. */
    authResults: AuthResultsHeader | null;
  };
  /** Every Authentication-Results header, topmost (newest) first. */
  authResults: AuthResultsHeader[];
}

export type IdentityOutcome = { verified: true; how: string } | { verified: false; why: string };

export function hasIdentityPolicy(policy: IdentityPolicy | undefined): policy is IdentityPolicy {
  return policy !== undefined && (policy.dkim || policy.arcSealers.length > 0 || policy.authservId !== null);
}

export function judgeIdentity(
  authorAddress: string,
  evidence: IdentityEvidence,
  policy: IdentityPolicy,
): IdentityOutcome {
  const domain = domainOf(authorAddress);
  if (!domain) return { verified: false, why: 'the author has no address to verify' };
  const why: string[] = [];

  if (policy.authservId !== null) {
    const id = policy.authservId.toLowerCase();
    const top = evidence.authResults[0];
    if (!top || top.authservId !== id) {
      why.push(`no Authentication-Results from ${id} on top`);
    } else {
      const vouch = vouchingResult(top, domain);
      if (vouch) return { verified: true, how: `Authentication-Results from ${id}: ${vouch}` };
      why.push(`${id} found ${summary(top)}`);
    }
  }

  if (policy.arcSealers.length > 0) {
    const { arc } = evidence;
    const trusted = policy.arcSealers.map((s) => s.toLowerCase());
    if (arc.result === 'none') why.push('no ARC seal');
    else if (arc.result !== 'pass') why.push(`ARC chain ${arc.result}`);
    else if (!arc.sealer || !trusted.includes(arc.sealer))
      why.push(`ARC sealed by untrusted ${arc.sealer ?? '?'}`);
    else if (!arc.authResults) why.push(`ARC seal of ${arc.sealer} carries no results`);
    else {
      const vouch = vouchingResult(arc.authResults, domain);
      if (vouch) return { verified: true, how: `ARC seal of ${arc.sealer}: ${vouch}` };
      why.push(`${arc.sealer} found ${summary(arc.authResults)}`);
    }
  }

  if (policy.dkim) {
    const pass = evidence.dkim.find((s) => s.result === 'pass' && aligned(domain, s.domain));
    if (pass) return { verified: true, how: `DKIM signature of ${pass.domain} verified` };
    why.push(
      evidence.dkim.length === 0
        ? 'no DKIM signature'
        : `DKIM ${evidence.dkim.map((s) => `${s.domain}=${s.result}`).join(', ')}`,
    );
  }

  return { verified: false, why: `${domain} not verified: ${why.join('; ')}` };
}

/** A DMARC pass for the author's domain, or a DKIM pass by it (or a parent or child of it). */
function vouchingResult(header: AuthResultsHeader, domain: string): string | null {
  for (const r of header.results) {
    if (r.result !== 'pass' || r.domain === null) continue;
    if (r.method === 'dmarc' && r.domain === domain) return `dmarc=pass header.from=${r.domain}`;
    if (r.method === 'dkim' && aligned(domain, r.domain)) return `dkim=pass header.d=${r.domain}`;
  }
  return null;
}

function summary(header: AuthResultsHeader): string {
  const relevant = header.results.filter((r) => r.method === 'dkim' || r.method === 'dmarc');
  if (relevant.length === 0) return 'no dkim or dmarc result';
  return relevant.map((r) => `${r.method}=${r.result}${r.domain ? ` (${r.domain})` : ''}`).join(', ');
}

/**
 * Relaxed alignment without a public-suffix list: the signing domain is the author's
 * domain, a parent of it, or a child of it. Whoever holds the signing key then controls
 * the author's domain too; a public suffix (d=org) cannot publish a key in practice.
 */
export function aligned(authorDomain: string, signingDomain: string): boolean {
  const a = authorDomain.toLowerCase();
  const d = signingDomain.toLowerCase().replace(/\.$/, '');
  if (!d.includes('.')) return false;
  return a === d || a.endsWith(`.${d}`) || d.endsWith(`.${a}`);
}

function domainOf(address: string): string | null {
  const at = address.lastIndexOf('@');
  const domain = at >= 0 ? address.slice(at + 1).toLowerCase() : '';
  return domain.includes('.') ? domain : null;
}

/**
 * Parses an Authentication-Results (or ARC-Authentication-Results) value, RFC 8601:
 * `authserv-id [version]; method=result ptype.prop=value …; …`. Comments are dropped;
 * an unparseable piece is skipped, never guessed.
 */
export function parseAuthResults(value: string): AuthResultsHeader | null {
  const clean = stripComments(value).replace(/\s+/g, ' ').trim();
  const pieces = splitOutsideQuotes(clean, ';').map((p) => p.trim());
  // ARC-Authentication-Results starts with the instance tag "i=N".
  if (pieces[0] !== undefined && /^i\s*=\s*\d+$/i.test(pieces[0])) pieces.shift();
  const id = pieces.shift()?.split(' ')[0]?.toLowerCase();
  if (!id) return null;
  const results: AuthResult[] = [];
  for (const piece of pieces) {
    const [head, ...props] = splitOutsideQuotes(piece, ' ').filter((t) => t !== '');
    const m = /^([a-z0-9_-]+)\s*=\s*([a-z]+)$/i.exec(head ?? '');
    if (!m) continue;
    const method = m[1]!.toLowerCase();
    const property = method === 'dmarc' ? 'header.from' : 'header.d';
    let domain: string | null = null;
    for (const prop of props) {
      const eq = prop.indexOf('=');
      if (eq < 0 || prop.slice(0, eq).toLowerCase() !== property) continue;
      domain = unquote(prop.slice(eq + 1)).toLowerCase();
      // header.from may be an address in some writers: keep its domain.
      if (domain.includes('@')) domain = domain.slice(domain.lastIndexOf('@') + 1);
    }
    results.push({ method, result: m[2]!.toLowerCase(), domain });
  }
  return { authservId: id, results };
}

function stripComments(value: string): string {
  let out = '';
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === '\\' && i + 1 < value.length) {
      if (depth === 0) out += c + value[i + 1];
      i++;
      continue;
    }
    if (c === '"' && depth === 0) quoted = !quoted;
    if (!quoted && c === '(') depth++;
    else if (!quoted && c === ')' && depth > 0) depth--;
    else if (depth === 0) out += c;
  }
  return out;
}

function splitOutsideQuotes(value: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (const c of value) {
    if (c === '"') quoted = !quoted;
    if (c === separator && !quoted) {
      parts.push(current);
      current = '';
    } else current += c;
  }
  parts.push(current);
  return parts;
}

function unquote(value: string): string {
  return value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
}
