import { promises as dns } from 'node:dns';
import type { MailAddress } from '../mail/mail.types.js';
import {
  type AuthResultsHeader,
  type IdentityEvidence,
  type IdentityOutcome,
  type IdentityPolicy,
  judgeIdentity,
  parseAuthResults,
} from './identity.models.js';

/** DNS as mailauth asks for it: TXT records come back as arrays of strings. */
export type DnsResolver = (name: string, type: string) => Promise<unknown>;

export type IdentityVerifier = (
  raw: Buffer,
  author: MailAddress,
  policy: IdentityPolicy,
) => Promise<IdentityOutcome>;

export interface IdentityVerifierOptions {
  /** Defaults to the system resolver; tests serve keys from memory. */
  resolver?: DnsResolver;
  /** A lookup slower than this counts as a temporary DNS error (the message waits for review). */
  dnsTimeoutMs?: number;
}

/**
 * Gathers the evidence (DKIM and ARC verified with mailauth, Authentication-Results
 * headers read as written) and lets the pure policy judge it. Nothing here throws: a
 * DNS failure or a broken signature is evidence of nothing, so the message is held.
 */
export function createIdentityVerifier(options: IdentityVerifierOptions = {}): IdentityVerifier {
  const resolver = withTimeout(options.resolver ?? systemResolver, options.dnsTimeoutMs ?? 5_000);
  return async (raw, author, policy) => {
    try {
      return judgeIdentity(author.address, await gatherEvidence(raw, resolver), policy);
    } catch (error) {
      return { verified: false, why: `identity check failed: ${(error as Error).message}` };
    }
  };
}

export async function gatherEvidence(raw: Buffer, resolver: DnsResolver): Promise<IdentityEvidence> {
  // Loaded on first use: most teams never ask for identity checks, and mailauth with what it
  // pulls in is the largest module of the ingest path (~35 MB of RSS on its own).
  const { dkimVerify, arc: verifyArc } = await import('mailauth');
  const dkim = await dkimVerify(raw, { resolver: resolver as never });
  // mailauth keeps header lines as the bytes they arrived as.
  const headers = ((dkim.headers?.parsed ?? []) as Array<{ key: string; line: Buffer | string }>).map(
    (h) => ({ key: h.key, line: h.line.toString() }),
  );
  const arcData = (dkim as unknown as { arc?: unknown }).arc;
  const arc = arcData ? await verifyArc(arcData as never, { resolver: resolver as never }) : null;
  const newest = newestArcInstance(headers);
  return {
    dkim: dkim.results
      .filter((r) => r.signingDomain)
      .map((r) => ({ domain: r.signingDomain.toLowerCase(), result: r.status.result })),
    arc: {
      result: arc?.status.result ?? 'none',
      sealer: newest?.sealer ?? null,
      authResults: newest?.authResults ?? null,
    },
    authResults: headers
      .filter((h) => h.key === 'authentication-results')
      .map((h) => parseAuthResults(headerValue(h.line)))
      .filter((h): h is AuthResultsHeader => h !== null),
  };
}

/** The d= of the ARC-Seal and the ARC-Authentication-Results of the highest instance. */
function newestArcInstance(
  headers: ReadonlyArray<{ key: string; line: string }>,
): { sealer: string | null; authResults: AuthResultsHeader | null } | null {
  const instanceOf = (line: string): number =>
    Number(/(?:^|;)\s*i\s*=\s*(\d+)/i.exec(headerValue(line))?.[1] ?? 0);
  const seals = headers.filter((h) => h.key === 'arc-seal');
  if (seals.length === 0) return null;
  const newest = Math.max(...seals.map((h) => instanceOf(h.line)));
  const seal = seals.find((h) => instanceOf(h.line) === newest);
  const sealer = seal ? (/(?:^|;)\s*d\s*=\s*([^;\s]+)/i.exec(headerValue(seal.line))?.[1] ?? null) : null;
  const aar = headers.find((h) => h.key === 'arc-authentication-results' && instanceOf(h.line) === newest);
  return {
    sealer: sealer?.toLowerCase() ?? null,
    authResults: aar ? parseAuthResults(headerValue(aar.line)) : null,
  };
}

function headerValue(line: string): string {
  const colon = line.indexOf(':');
  return line.slice(colon + 1).replace(/\r?\n[ \t]+/g, ' ');
}

const systemResolver: DnsResolver = (name, type) => dns.resolve(name, type);

function withTimeout(resolver: DnsResolver, ms: number): DnsResolver {
  return (name, type) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(Object.assign(new Error(`DNS ${type} ${name} timed out`), { code: 'ETIMEOUT' }));
      }, ms);
      resolver(name, type).then(
        (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error);
        },
      );
    });
}
