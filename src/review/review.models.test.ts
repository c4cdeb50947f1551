import { describe, expect, it } from 'vitest';
import { rejectedDetail, reviewPlan, type StoredMessage } from './review.models.js';

const at = new Date('2023-12-12T08:00:00Z');
const held: StoredMessage = {
  id: 7,
  outcome: 'needs-review',
  reason: 'not-a-member',
  reviewedBy: null,
  reviewedAt: null,
};
const approved: StoredMessage = {
  id: 7,
  outcome: 'recorded',
  reason: 'approved',
  reviewedBy: 'anna',
  reviewedAt: at,
};
const rejected: StoredMessage = {
  id: 7,
  outcome: 'skipped',
  reason: 'rejected',
  reviewedBy: 'ben',
  reviewedAt: at,
};
const ordinary: StoredMessage = {
  id: 7,
  outcome: 'recorded',
  reason: null,
  reviewedBy: null,
  reviewedAt: null,
};

describe('reviewPlan', () => {
  it.each([
    ['approve', held, { kind: 'act' }],
    ['approve', approved, { kind: 'unchanged', by: 'anna', at }],
    // Nothing of a rejected message was applied: an operator may still change their mind.
    ['approve', rejected, { kind: 'act' }],
    ['approve', ordinary, { kind: 'refused', code: 'REVIEW_NOT_HELD' }],
    ['reject', held, { kind: 'act' }],
    ['reject', rejected, { kind: 'unchanged', by: 'ben', at }],
    ['reject', approved, { kind: 'refused', code: 'REVIEW_ALREADY_APPROVED' }],
    ['reject', ordinary, { kind: 'refused', code: 'REVIEW_NOT_HELD' }],
  ] as const)('%s a message that is %o', (action, message, expected) => {
    expect(reviewPlan(message, action)).toMatchObject(expected);
  });
});

describe('rejectedDetail', () => {
  it('keeps why it was held and adds why it was rejected', () => {
    expect(
      rejectedDetail('unverified-sender', 'example.org not verified: no DKIM signature', 'spoofed'),
    ).toBe('unverified-sender: example.org not verified: no DKIM signature; rejected: spoofed');
    expect(rejectedDetail('not-a-member', null, null)).toBe('not-a-member; rejected');
  });
});
