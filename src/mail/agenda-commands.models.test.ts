import { describe, expect, it } from 'vitest';
import { meetingNamedInTitle, parseAgendaCommands } from './agenda-commands.models.js';

const ref = new Date('2023-12-05T10:00:00Z');

describe('agenda commands in a reply', () => {
  it('withdraws on a line that is only the command, in English or German', () => {
    for (const line of [
      'withdrawn',
      'Withdraw.',
      '- I withdraw this item',
      'zurückgezogen',
      'remove from agenda please',
    ]) {
      expect(parseAgendaCommands(`Hi,\n\n${line}\n\nKurt`, ref)).toEqual([{ kind: 'withdraw' }]);
    }
  });

  it('does not act on prose that mentions withdrawing', () => {
    expect(parseAgendaCommands('We should not withdraw the v2 standard before v3 is stable.', ref)).toEqual(
      [],
    );
    expect(parseAgendaCommands('Who withdrew the PR?', ref)).toEqual([]);
  });

  it('moves to a named date or to the next meeting', () => {
    expect(parseAgendaCommands('move to 2023-12-18', ref)).toEqual([{ kind: 'move', to: '2023-12-18' }]);
    expect(parseAgendaCommands('Postpone to next meeting.', ref)).toEqual([{ kind: 'move', to: 'next' }]);
    expect(parseAgendaCommands('bitte verschieben auf 18.12.2023', ref)).toEqual([
      { kind: 'move', to: '2023-12-18' },
    ]);
    expect(parseAgendaCommands('moved to 18 Dec', ref)).toEqual([{ kind: 'move', to: '2023-12-18' }]);
  });

  it('ignores a move whose target is not a date', () => {
    expect(parseAgendaCommands('move to Kubernetes 1.29', ref)).toEqual([]);
  });
});

describe('a meeting named in an agenda title', () => {
  it('takes a leading ISO or German date and leaves the title', () => {
    expect(meetingNamedInTitle('2023-12-18: SCS lab cabling', ref)).toEqual({
      title: 'SCS lab cabling',
      meetingDate: '2023-12-18',
    });
    expect(meetingNamedInTitle('18.12.2023 – SCS lab cabling', ref)).toEqual({
      title: 'SCS lab cabling',
      meetingDate: '2023-12-18',
    });
  });

  it('leaves titles that merely start with a version or number alone', () => {
    expect(meetingNamedInTitle('IaaS standards v3 timeline', ref)).toEqual({
      title: 'IaaS standards v3 timeline',
      meetingDate: null,
    });
    expect(meetingNamedInTitle('3 - things we learned', ref).meetingDate).toBeNull();
  });
});
