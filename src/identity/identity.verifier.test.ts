import { generateKeyPairSync } from 'node:crypto';
import { dkimSign, sealMessage } from 'mailauth';
import { describe, expect, it } from 'vitest';
import type { IdentityPolicy } from './identity.models.js';
import { createIdentityVerifier, type DnsResolver } from './identity.verifier.js';

/**
 * Real signatures, checked offline: keys are made here and the DNS records that
 * publish them are served from memory, so no test ever touches the network.
 */
function keyPair() {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    record: `v=DKIM1; k=rsa; p=${publicKey.export({ type: 'spki', format: 'der' }).toString('base64')}`,
  };
}

const author = keyPair();
const listHost = keyPair();
const stranger = keyPair();

const dnsRecords = new Map<string, string>([
  ['sel._domainkey.example.org', author.record],
  ['arc._domainkey.lists.example.org', listHost.record],
  ['arc._domainkey.relay.example.net', stranger.record],
]);

const lookups: string[] = [];
const memoryDns: DnsResolver = async (name, type) => {
  lookups.push(`${type} ${name}`);
  const record = type === 'TXT' ? dnsRecords.get(name.toLowerCase()) : undefined;
  if (!record) throw Object.assign(new Error(`queryTxt ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
  return [[record]];
};

const verify = createIdentityVerifier({ resolver: memoryDns });
const garloff = { address: 'garloff@example.org', name: 'Kurt Garloff' };

function message(extraHeaders: string[] = [], body = 'AI @fkr: write it down\r\n'): Buffer {
  return Buffer.from(
    [
      ...extraHeaders,
      'From: Kurt Garloff <garloff@example.org>',
      'To: scs-tech@lists.example.org',
      'Subject: [agenda] Signed topic (5 min)',
      'Date: Mon, 11 Dec 2023 10:00:00 +0100',
      'Message-ID: <signed@example.org>',
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      '',
      body,
    ].join('\r\n'),
  );
}

async function signedByAuthor(raw: Buffer): Promise<Buffer> {
  const { signatures } = await dkimSign(raw, {
    signatureData: [{ signingDomain: 'example.org', selector: 'sel', privateKey: author.privateKey }],
  } as never);
  return Buffer.concat([Buffer.from(signatures), raw]);
}

/** What a list host does: verifies on arrival, then changes the message and seals its findings. */
async function relayedByList(raw: Buffer, sealer: { domain: string; privateKey: string }, found: string) {
  const changed = Buffer.from(
    raw
      .toString('latin1')
      .replace('Subject: [agenda]', 'Subject: [scs-tech] [agenda]')
      .concat('_______________________________________________\r\nscs-tech mailing list\r\n'),
    'latin1',
  );
  const seal = await sealMessage(changed, {
    signingDomain: sealer.domain,
    selector: 'arc',
    privateKey: sealer.privateKey,
    authResults: `${sealer.domain}; ${found}`,
    cv: 'none',
  } as never);
  return Buffer.concat([seal, changed]);
}

const dkimOnly: IdentityPolicy = { dkim: true, arcSealers: [], authservId: null };
const arcOnly: IdentityPolicy = { dkim: false, arcSealers: ['lists.example.org'], authservId: null };
const ownServer: IdentityPolicy = { dkim: false, arcSealers: [], authservId: 'mx.example.org' };

describe('identity verification with mailauth (offline keys)', () => {
  it("accepts the author's own DKIM signature, verified with the key from DNS", async () => {
    const outcome = await verify(await signedByAuthor(message()), garloff, dkimOnly);
    expect(outcome).toEqual({ verified: true, how: 'DKIM signature of example.org verified' });
    expect(lookups).toContain('TXT sel._domainkey.example.org');
  });

  it('holds a message whose signed body was changed on the way', async () => {
    const signed = (await signedByAuthor(message()))
      .toString('latin1')
      .replace('write it down', 'wire money');
    const outcome = await verify(Buffer.from(signed, 'latin1'), garloff, dkimOnly);
    expect(outcome.verified).toBe(false);
    expect(outcome).toMatchObject({ why: expect.stringContaining('DKIM example.org=') });
  });

  it('holds an unsigned message and says there was no signature', async () => {
    expect(await verify(message(), garloff, dkimOnly)).toEqual({
      verified: false,
      why: 'example.org not verified: no DKIM signature',
    });
  });

  it("does not count another domain's valid signature for the author", async () => {
    const raw = await signedByAuthor(message());
    const outcome = await verify(raw, { address: 'fkr@example.com', name: '' }, dkimOnly);
    expect(outcome.verified).toBe(false);
  });

  it("trusts the list host's ARC seal when the list broke the author's signature", async () => {
    const relayed = await relayedByList(
      await signedByAuthor(message()),
      { domain: 'lists.example.org', privateKey: listHost.privateKey },
      'dkim=pass header.d=example.org header.s=sel; dmarc=pass (p=none) header.from=example.org',
    );
    expect((await verify(relayed, garloff, dkimOnly)).verified).toBe(false);
    expect(await verify(relayed, garloff, arcOnly)).toEqual({
      verified: true,
      how: 'ARC seal of lists.example.org: dkim=pass header.d=example.org',
    });
  });

  it('ignores a valid ARC seal by a host that is not configured as trusted', async () => {
    const relayed = await relayedByList(
      message(),
      { domain: 'relay.example.net', privateKey: stranger.privateKey },
      'dkim=pass header.d=example.org; dmarc=pass header.from=example.org',
    );
    expect(await verify(relayed, garloff, arcOnly)).toEqual({
      verified: false,
      why: 'example.org not verified: ARC sealed by untrusted relay.example.net',
    });
  });

  it('does not trust a forged seal claiming the trusted host without its key', async () => {
    const forged = await relayedByList(
      message(),
      { domain: 'lists.example.org', privateKey: stranger.privateKey },
      'dkim=pass header.d=example.org',
    );
    const outcome = await verify(forged, garloff, arcOnly);
    expect(outcome).toMatchObject({ verified: false, why: expect.stringContaining('ARC chain fail') });
  });

  it('holds a message the trusted list host found failing', async () => {
    const relayed = await relayedByList(
      message(),
      { domain: 'lists.example.org', privateKey: listHost.privateKey },
      'dkim=none; dmarc=fail header.from=example.org',
    );
    expect(await verify(relayed, garloff, arcOnly)).toEqual({
      verified: false,
      why: 'example.org not verified: lists.example.org found dkim=none, dmarc=fail (example.org)',
    });
  });

  it('trusts the topmost Authentication-Results header of our own server, pinned by its authserv-id', async () => {
    const raw = message([
      'Authentication-Results: mx.example.org; dkim=pass header.d=example.org header.s=sel; spf=pass smtp.mailfrom=example.org',
    ]);
    expect(await verify(raw, garloff, ownServer)).toEqual({
      verified: true,
      how: 'Authentication-Results from mx.example.org: dkim=pass header.d=example.org',
    });
  });

  it('ignores an Authentication-Results header a sender wrote below the one of our server', async () => {
    const raw = message([
      'Authentication-Results: mx.example.org; dkim=none; dmarc=fail header.from=example.org',
      'Authentication-Results: mx.example.org; dkim=pass header.d=example.org',
    ]);
    expect(await verify(raw, garloff, ownServer)).toEqual({
      verified: false,
      why: 'example.org not verified: mx.example.org found dkim=none, dmarc=fail (example.org)',
    });
  });

  it('ignores Authentication-Results from any other authserv-id', async () => {
    const raw = message(['Authentication-Results: mx.evil.example; dmarc=pass header.from=example.org']);
    expect(await verify(raw, garloff, ownServer)).toEqual({
      verified: false,
      why: 'example.org not verified: no Authentication-Results from mx.example.org on top',
    });
  });

  it('turns a DNS failure into a held message, not a crash', async () => {
    const broken = createIdentityVerifier({
      resolver: async () => {
        throw Object.assign(new Error('SERVFAIL'), { code: 'ESERVFAIL' });
      },
    });
    const outcome = await broken(await signedByAuthor(message()), garloff, dkimOnly);
    expect(outcome.verified).toBe(false);
  });
});
