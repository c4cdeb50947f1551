import { describe, expect, it } from 'vitest';
import {
  aligned,
  hasIdentityPolicy,
  type IdentityEvidence,
  judgeIdentity,
  parseAuthResults,
} from './identity.models.js';

const none: IdentityEvidence = {
  dkim: [],
  arc: { result: 'none', sealer: null, authResults: null },
  authResults: [],
};

describe('parseAuthResults', () => {
  it('reads methods, results and the domain each vouches for, without comments', () => {
    expect(
      parseAuthResults(
        ' mx.Example.org 1; dkim=pass (2048-bit key) header.d=Example.org header.s=sel; spf=pass smtp.mailfrom=example.org;\r\n dmarc=pass (p=REJECT) header.from="example.org"',
      ),
    ).toEqual({
      authservId: 'mx.example.org',
      results: [
        { method: 'dkim', result: 'pass', domain: 'example.org' },
        { method: 'spf', result: 'pass', domain: null },
        { method: 'dmarc', result: 'pass', domain: 'example.org' },
      ],
    });
  });

  it('skips the instance tag of an ARC-Authentication-Results value', () => {
    expect(parseAuthResults('i=2; lists.example.org; dkim=fail header.d=example.org')).toEqual({
      authservId: 'lists.example.org',
      results: [{ method: 'dkim', result: 'fail', domain: 'example.org' }],
    });
  });

  it('keeps the domain of an address written as header.from, and ignores a semicolon in quotes', () => {
    expect(parseAuthResults('mx; dmarc=pass header.from="a;b@Example.org"')?.results).toEqual([
      { method: 'dmarc', result: 'pass', domain: 'example.org' },
    ]);
  });

  it('gives null for an empty value', () => {
    expect(parseAuthResults('  (just a comment) ')).toBeNull();
  });
});

describe('aligned', () => {
  it.each([
    ['example.org', 'example.org', true],
    ['mail.example.org', 'example.org', true],
    ['example.org', 'mail.example.org', true],
    ['example.org', 'example.com', false],
    ['badexample.org', 'example.org', false],
    ['example.org', 'org', false],
  ])('%s signed by %s: %s', (author, signer, expected) => {
    expect(aligned(author, signer)).toBe(expected);
  });
});

describe('judgeIdentity', () => {
  it('counts only a policy that names a source', () => {
    expect(hasIdentityPolicy({ dkim: false, arcSealers: [], authservId: null })).toBe(false);
    expect(hasIdentityPolicy(undefined)).toBe(false);
  });

  it('says every reason when no source vouches for the author', () => {
    const outcome = judgeIdentity('fkr@example.org', none, {
      dkim: true,
      arcSealers: ['lists.example.org'],
      authservId: 'mx.example.org',
    });
    expect(outcome).toEqual({
      verified: false,
      why: 'example.org not verified: no Authentication-Results from mx.example.org on top; no ARC seal; no DKIM signature',
    });
  });

  it('does not accept a DMARC pass for a parent domain as one for the author', () => {
    const evidence: IdentityEvidence = {
      ...none,
      authResults: [
        {
          authservId: 'mx.example.org',
          results: [{ method: 'dmarc', result: 'pass', domain: 'example.org' }],
        },
      ],
    };
    const policy = { dkim: false, arcSealers: [], authservId: 'mx.example.org' };
    expect(judgeIdentity('a@team.example.org', evidence, policy).verified).toBe(false);
    expect(judgeIdentity('a@example.org', evidence, policy).verified).toBe(true);
  });

  it('holds an author without a domain', () => {
    expect(judgeIdentity('', none, { dkim: true, arcSealers: [], authservId: null })).toEqual({
      verified: false,
      why: 'the author has no address to verify',
    });
  });
});
