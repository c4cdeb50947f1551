import { describe, expect, it } from 'vitest';
import {
  confirmationDraft,
  confirmationRecipient,
  describeRecorded,
  quotaDay,
  replyTarget,
} from './confirmations.models.js';

const ours = ['listscribe@example.org', 'scs-tech@lists.example.org'];

describe('what a confirmation says', () => {
  it('describes an agenda item with its meeting, time box and owner', () => {
    const item = {
      kind: 'agenda',
      title: 'IaaS standards v3',
      owner: 'garloff',
      minutes: 15,
      meetingDate: null,
    } as const;
    expect(describeRecorded(item, '2023-12-11')).toBe(
      'agenda item for Mon 2023-12-11: IaaS standards v3 (15 min, @garloff)',
    );
    expect(describeRecorded({ ...item, meetingDate: '2023-12-18', minutes: null }, '2023-12-11')).toBe(
      'agenda item for Mon 2023-12-18: IaaS standards v3 (@garloff)',
    );
    expect(describeRecorded({ ...item, owner: 'kurt@example.org' }, null)).toBe(
      'agenda item for the next meeting: IaaS standards v3 (15 min, kurt@example.org)',
    );
  });

  it('describes action items, updates and decisions', () => {
    expect(
      describeRecorded(
        { kind: 'action', ref: 'A-3', owners: [], text: 'adjust the metadata', due: null },
        null,
      ),
    ).toBe('action item A-3 (no owner yet): adjust the metadata');
    expect(describeRecorded({ kind: 'action-update', ref: 'A-12', status: 'done' }, null)).toBe(
      'A-12 marked done',
    );
    expect(describeRecorded({ kind: 'action-update', ref: 'A-12', status: 'open' }, null)).toBe(
      'A-12 reopened',
    );
    expect(describeRecorded({ kind: 'decision', text: 'v2 stays valid' }, null)).toBe(
      'decision: v2 stays valid',
    );
  });

  it('answers under the original subject, tells how to undo each kind, and keeps every line on one line', () => {
    const draft = confirmationDraft({
      teamName: 'Team IaaS',
      author: { address: 'garloff@example.org', name: 'Kurt\r\nGarloff' },
      subject: '[agenda] Lab\r\n (5 min)',
      items: [
        { kind: 'agenda', title: 'Lab', owner: 'garloff', minutes: 5, meetingDate: null },
        { kind: 'action-update', ref: 'A-2', status: 'dropped' },
      ],
      nextMeetingDate: '2023-12-11',
    });
    expect(draft.subject).toBe('Re: [agenda] Lab (5 min)');
    expect(draft.text).toContain('Hello Kurt Garloff,');
    expect(draft.text).toContain('reply "withdrawn" to your message on the list');
    expect(draft.text).toContain('write "[action] A-2 reopen" to the list');
    expect(confirmationDraft({ ...draftInput(), subject: 'RE: x' }).subject).toBe('RE: x');
  });
});

function draftInput() {
  return {
    teamName: 'Team IaaS',
    author: { address: 'a@example.org', name: '' },
    subject: 'x',
    items: [{ kind: 'decision', text: 'x' } as const],
    nextMeetingDate: null,
  };
}

describe('who may get one', () => {
  it('a plain member address, lower-cased', () => {
    expect(confirmationRecipient('Garloff@Example.org', ours)).toBe('garloff@example.org');
  });
  it('never our own address or a list', () => {
    expect(confirmationRecipient('listscribe@example.org', ours)).toBeNull();
    expect(confirmationRecipient('SCS-Tech@lists.example.org', ours)).toBeNull();
  });
  it('never a robot mailbox', () => {
    for (const robot of ['noreply@example.org', 'no-reply@x.org', 'MAILER-DAEMON@x.org', 'bounces+abc@x.org'])
      expect(confirmationRecipient(robot, ours)).toBeNull();
  });
  it('never something that could bend a header', () => {
    for (const bad of ['a@b.org\r\nBcc: c@d.org', 'a b@c.org', '<a@b.org>', 'a@b', ''])
      expect(confirmationRecipient(bad, ours)).toBeNull();
  });
});

describe('threading and the daily quota', () => {
  it('threads under a real Message-ID only', () => {
    expect(replyTarget('CAGk2x+Yv3@mail.example')).toBe('CAGk2x+Yv3@mail.example');
    expect(replyTarget(`sha256:${'0'.repeat(64)}`)).toBeNull();
    expect(replyTarget('a@b>\r\nBcc: x@y')).toBeNull();
  });
  it("counts per day of the team's time zone, UTC without one", () => {
    expect(quotaDay(new Date('2023-12-06T23:59:59Z'))).toBe('2023-12-06');
    expect(quotaDay(new Date('2023-12-07T00:00:00Z'))).toBe('2023-12-07');
    // 23:30 UTC is half past midnight in Berlin: the next day there.
    expect(quotaDay(new Date('2023-12-06T23:30:00Z'), 'Europe/Berlin')).toBe('2023-12-07');
    expect(quotaDay(new Date('2023-12-06T22:59:59Z'), 'Europe/Berlin')).toBe('2023-12-06');
    // Summer time: UTC+2.
    expect(quotaDay(new Date('2024-07-01T22:00:00Z'), 'Europe/Berlin')).toBe('2024-07-02');
    expect(quotaDay(new Date('2023-12-07T03:00:00Z'), 'America/New_York')).toBe('2023-12-06');
  });
});
