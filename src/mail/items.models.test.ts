import { describe, expect, it } from 'vitest';
import { extractItems, parseActionText, parseActionUpdate } from './items.models.js';
import type { ActionItem } from './mail.types.js';

const options = { referenceDate: new Date('2024-01-10T12:00:00Z') };

function action(owners: string[], text: string, due: string | null = null): ActionItem {
  return { kind: 'action', owners, text, due };
}

function items(text: string) {
  return extractItems(text, options);
}

describe('extractItems: action items', () => {
  it.each([
    ['AI @fkr: write this down', ['fkr'], 'write this down'],
    ['AI: @fkr write this down', ['fkr'], 'write this down'],
    ['AI @fkr write this down', ['fkr'], 'write this down'],
    ['AI @a, @b: write this down', ['a', 'b'], 'write this down'],
    ['AI @a @b: write this down', ['a', 'b'], 'write this down'],
    ['AI @a and @b to write this down', ['a', 'b'], 'write this down'],
    [
      '* AI @fkr, @garloff, ... to write this down as outcomes',
      ['fkr', 'garloff'],
      'write this down as outcomes',
    ],
    ['_AI @fkr: write this down_', ['fkr'], 'write this down'],
    ['- *AI @fkr - check with PO of PCO*', ['fkr'], 'check with PO of PCO'],
    ['**AI @fkr**: write this down', ['fkr'], 'write this down'],
    ['- _AI_ @berendt & @fkr: blog post on 6.0.2', ['berendt', 'fkr'], 'blog post on 6.0.2'],
    ['AI: write this down', [], 'write this down'],
    ['AI: @fkr - schedule a meeting', ['fkr'], 'schedule a meeting'],
    ['AI: @all @fkr: Please add a "**+**" here', ['all', 'fkr'], 'Please add a "+" here'],
    ['Action: @x review the PR', ['x'], 'review the PR'],
    ['Action item: link this in the flavor standard', [], 'link this in the flavor standard'],
    ['ACTION: update the wiki', [], 'update the wiki'],
    ['Action Item to @fkr: check with public cloud sig', ['fkr'], 'check with public cloud sig'],
    ['-> action item for @fkr: write user story', ['fkr'], 'write user story'],
    [
      'Action Item *@fkr* & *@berendt* & *@garloff*: refinement user story',
      ['fkr', 'berendt', 'garloff'],
      'refinement user story',
    ],
    ['TODO @x: clarify', ['x'], 'clarify'],
    ['TODO: Testbed enablement: Own story (@rautenberg)', ['rautenberg'], 'Testbed enablement: Own story'],
    ['- ToDo (@josephineSei): Ask for more use cases', ['josephineSei'], 'Ask for more use cases'],
    ['Aufgabe @x: Doku schreiben', ['x'], 'Doku schreiben'],
    ['AI: Split epic into two (@tibeer)', ['tibeer'], 'Split epic into two'],
    ['AI @FriederikeZelke: ping @matofeder.', ['FriederikeZelke'], 'ping @matofeder.'],
    ['AI @alexander-diab: check', ['alexander-diab'], 'check'],
  ])('reads %j', (line, owners, text) => {
    expect(items(line)).toEqual([action(owners, text)]);
  });

  it('reads a trailing "(AI @garloff)" with the bullet as the text', () => {
    expect(items('* Approval is needed. (AI @garloff)')).toEqual([
      action(['garloff'], 'Approval is needed.'),
    ]);
  });

  it('takes the words inside "(AI @x, …)" as the text when they form a task', () => {
    expect(items('* Network is the pain point. (AI @garloff, ensure there is an issue open.)')).toEqual([
      action(['garloff'], 'ensure there is an issue open.'),
    ]);
  });

  it('reads "(AI @a, w/ @b, @c)" as three owners of the bullet', () => {
    expect(items('- align with @flyersa (AI @garloff, w/ @cah-link, @berendt)')).toEqual([
      action(['garloff', 'cah-link', 'berendt'], 'align with @flyersa'),
    ]);
  });

  it('reads a trailing "AI @x" without parentheses', () => {
    expect(items('  * Push this to conclusion AI @garloff')).toEqual([
      action(['garloff'], 'Push this to conclusion'),
    ]);
  });

  it('reads an inline "-> AI @a, @b: …" after other text', () => {
    expect(items('- RGW was added to scope -> AI @ppkuschy, @fkr: new user story for this')).toEqual([
      action(['ppkuschy', 'fkr'], 'new user story for this'),
    ]);
  });

  it('ignores a "(?)" after the owner', () => {
    expect(items('Meeting @a, @b; AI @fkr (?): organize meeting')).toEqual([
      action(['fkr'], 'organize meeting'),
    ]);
  });

  it('takes the owner from "(AI: @x …)" inside a TODO', () => {
    expect(items('- TODO: Track as stories (AI: @fkr w/ support from OSISM)')).toEqual([
      action(['fkr'], 'Track as stories'),
    ]);
  });

  it('turns an owner-only TODO under a bullet into an item with the bullet as text', () => {
    const text = [
      '* Epics are not yet existing',
      '  - Should start creating them',
      '     - *TODO: @berendt and @fkr*',
    ].join('\n');
    expect(items(text)).toEqual([action(['berendt', 'fkr'], 'Should start creating them')]);
  });

  it('makes one item per sub-bullet under "AI:"', () => {
    const text = ['AI:', '- @x to write the docs', '* @y: review them', '- publish'].join('\n');
    expect(items(text)).toEqual([
      action(['x'], 'write the docs'),
      action(['y'], 'review them'),
      action([], 'publish'),
    ]);
  });

  it('lets sub-bullets under "AI @fkr:" inherit the owner', () => {
    const text = ['- AI @fkr:', '  - write the docs', '  - @garloff to review'].join('\n');
    expect(items(text)).toEqual([action(['fkr'], 'write the docs'), action(['garloff'], 'review')]);
  });

  it('reads open checkboxes as action items and ignores ticked ones', () => {
    const text = [
      '- [x] close issues automatically',
      '- [ ] @fkr to go over the discussion',
      '- [ ] write docs (@fkr)',
    ].join('\n');
    expect(items(text)).toEqual([action(['fkr'], 'go over the discussion'), action(['fkr'], 'write docs')]);
  });

  it('reads every top-level bullet under an "Action items" heading', () => {
    const text = [
      '## TODOs:',
      '* Proposal for new flavor => @garloff',
      '  - detail',
      '* IOPS testing (@matfechner)',
    ].join('\n');
    expect(items(text)).toEqual([
      action(['garloff'], 'Proposal for new flavor'),
      action(['matfechner'], 'IOPS testing'),
    ]);
  });

  it('does not read bullets under "Action Items from last week\'s call" as new items', () => {
    expect(items("### Action Items from last week's call:\n- VP04: create attacker models")).toEqual([]);
  });

  it('joins a wrapped bullet line into the item text', () => {
    expect(
      items('* More discussion needed, Action Item *@jschoone*, add to\n  topic collection there'),
    ).toEqual([action(['jschoone'], 'add to topic collection there')]);
  });

  it('reads a marker on a wrapped line as its own item', () => {
    const text = '* Critically investigate images\n   -> *TODO: Create story for testing*';
    expect(items(text)).toEqual([action([], 'Create story for testing')]);
  });

  it('moves a due date into "due"', () => {
    expect(items('AI @fkr: write the docs by 2024-01-15')).toEqual([
      action(['fkr'], 'write the docs', '2024-01-15'),
    ]);
    expect(items('AI @fkr: Doku schreiben bis Freitag')).toEqual([
      action(['fkr'], 'Doku schreiben', '2024-01-12'),
    ]);
  });

  it('reads a numbered list item', () => {
    expect(items('1. AI @fkr: write the docs')).toEqual([action(['fkr'], 'write the docs')]);
  });

  it('reads "TODO for @x, …" in the middle of a bullet', () => {
    expect(items('- current TODO for @markus-hentsch, writing a spec')).toEqual([
      action(['markus-hentsch'], 'writing a spec'),
    ]);
  });

  it('reads the list under a bold "Action items" line in a mail', () => {
    const text = [
      'Hi all,',
      '',
      '**Action items**',
      '',
      '- @fkr to book the room',
      '- @garloff: send the invite',
    ].join('\n');
    expect(items(text)).toEqual([action(['fkr'], 'book the room'), action(['garloff'], 'send the invite')]);
  });

  it('reads the list under a "Decisions:" line in a mail', () => {
    expect(items('Decisions:\n\n* v3 is stable\n* v1 expires')).toEqual([
      { kind: 'decision', text: 'v3 is stable' },
      { kind: 'decision', text: 'v1 expires' },
    ]);
  });

  it('joins a hard-wrapped mail line into the item text', () => {
    const text =
      'AI @fkr: write down the outcomes of the R6 planning session for the\ncommunity call\n\nBest, Kurt';
    expect(items(text)).toEqual([
      action(['fkr'], 'write down the outcomes of the R6 planning session for the community call'),
    ]);
  });

  it('does not join a short line with the next one', () => {
    expect(items('AI @fkr: write it\nThanks')).toEqual([action(['fkr'], 'write it')]);
  });

  it('replaces a struck-out item with the text written after it', () => {
    const text =
      'AI: ~~CSPs please test enforce_scope and the corresponding Octavia policy config, thanks~~\n@markus-hentsch re-check for new blockers';
    expect(items(text)).toEqual([action(['markus-hentsch'], 're-check for new blockers')]);
  });

  it('keeps items in document order', () => {
    const text = 'Decision: ship it\nAI @a: tag the release\nA-3 done';
    expect(items(text).map((item) => item.kind)).toEqual(['decision', 'action', 'action-update']);
  });
});

describe('extractItems: what is not an action item', () => {
  it.each([
    ['AI models are getting better every month.'],
    ['We talked about AI: it is everywhere now'],
    ['The AI team @fkr mentioned is busy'],
    ['Ai: lowercase is not the marker'],
    ['Need to create action item to ensure that volumes get shredded'],
    ['action item that requests a DR: https://example.org'],
    ['Action required: nothing'],
    ['Migrate github actions to zuul jobs'],
    ['TODO list for the hackathon'],
    ['community AI: please try the test script against your cloud'],
    ['AI: ~~CSPs please test enforce_scope~~'],
    ['- AI @fkr: send mail to fish for reviewers - ✅'],
    ['Mail me at fkr@example.org: AI rocks'],
    ['```\nAI @fkr: inside a code block\n```'],
    ['> AI @fkr: quoted text'],
    ['* @flyersa, @cah-link (AI @cah-link via @horazont)'],
    ['### Action items'],
    ['AI @fkr'],
    ['see the AI @fkr mentioned yesterday'],
    ['AI\n- models are getting cheaper\n- costs'],
    ['Decision\n- option A\n- option B'],
    ['// TODO: fix this later'],
  ])('finds nothing in %j', (text) => {
    expect(items(text)).toEqual([]);
  });
});

describe('extractItems: decisions', () => {
  it.each([
    ['Decision: v2 stays valid until v3 is stable'],
    ['Decided: v2 stays valid until v3 is stable'],
    ['**Decision**: v2 stays valid until v3 is stable'],
    ['_Decision:_ v2 stays valid until v3 is stable'],
    ['*Decision*: v2 stays valid until v3 is stable'],
    ['[decision] v2 stays valid until v3 is stable'],
    ['Beschluss: v2 stays valid until v3 is stable'],
    ['Entscheidung: v2 stays valid until v3 is stable'],
    ['Agreed: v2 stays valid until v3 is stable'],
    ['    - Decision: v2 stays valid until v3 is stable'],
    ['-> Decision (for now): v2 stays valid until v3 is stable'],
  ])('reads %j', (line) => {
    expect(items(line)).toEqual([{ kind: 'decision', text: 'v2 stays valid until v3 is stable' }]);
  });

  it('keeps only the first line of a decision with sub-bullets', () => {
    const text = [
      '* Decision: Give them a few more weeks',
      '    - Escalation to PS',
      '        - Ralf (@fkr and @garloff)',
    ].join('\n');
    expect(items(text)).toEqual([{ kind: 'decision', text: 'Give them a few more weeks' }]);
  });

  it('makes one decision per sub-bullet under an empty "Decision:"', () => {
    const text = [
      '- Decision:',
      '    - Split image definitions',
      '        - mandatory',
      '    - Group by environment',
    ].join('\n');
    expect(items(text)).toEqual([
      { kind: 'decision', text: 'Split image definitions' },
      { kind: 'decision', text: 'Group by environment' },
    ]);
  });

  it('joins a question with its single answer under "Decisions:"', () => {
    expect(items('- Decisions:\n    - Do the rename?\n        - YES')).toEqual([
      { kind: 'decision', text: 'Do the rename? YES' },
    ]);
  });

  it('reads bullets under a "Decisions" heading', () => {
    expect(items('## Decisions\n- ship v3\n- drop v1')).toEqual([
      { kind: 'decision', text: 'ship v3' },
      { kind: 'decision', text: 'drop v1' },
    ]);
  });

  it.each([
    ['The decision is pending'],
    ['Decision pending'],
    ['Decision: pending'],
    ['Decision: TBD'],
    ['We need a decision on the flavor names'],
    ['No decision yet.'],
    ['Basic decision:'],
    ['Agreed solution: OvS is recommended'],
    ['Go-NoGO Decision regarding our community images'],
    ['### Decision needed for the Security Group (@JosephineSei)'],
    ['Resolution: fixed'],
    ['decisions were made in team IaaS'],
  ])('finds no decision in %j', (text) => {
    expect(items(text)).toEqual([]);
  });
});

describe('extractItems: updates', () => {
  it.each([
    ['A-12 done', 'done', null],
    ['A-12: done', 'done', null],
    ['A-12 is done', 'done', null],
    ['A-12 dropped', 'dropped', null],
    ['A-12 reopen', 'open', null],
    ['A-12 reopened', 'open', null],
    ['A-12 erledigt', 'done', null],
    ['A-12 verworfen', 'dropped', null],
    ['a-12 DONE', 'done', null],
    ['A12 done', 'done', null],
    ['done: A-12', 'done', null],
    ['A-12 done — merged in #42', 'done', 'merged in #42'],
    ['I think A-12 is done now', 'done', null],
    ['A-12 done (see PR #7)', 'done', 'see PR #7'],
    ['A-12 ✅', 'done', null],
    ['A-12 closed', 'done', null],
    ['**A-12** is done', 'done', null],
  ])('reads %j', (line, status, note) => {
    expect(items(line)).toEqual([{ kind: 'action-update', ref: 'A-12', status, note }]);
  });

  it('reads several refs in one update', () => {
    expect(items('A-3, A-4 done')).toEqual([
      { kind: 'action-update', ref: 'A-3', status: 'done', note: null },
      { kind: 'action-update', ref: 'A-4', status: 'done', note: null },
    ]);
  });

  it.each([
    ['Is A-12 done?'],
    ['A-12 is not done yet'],
    ['see OSSA-2024-001 done by upstream'],
    ['slice a Nvidia A100 into 7 parts'],
    ['A-12 is still open'],
    ['the A-team is done'],
  ])('finds no update in %j', (text) => {
    expect(items(text)).toEqual([]);
  });
});

describe('parseActionText', () => {
  it.each([
    ['@fkr: write it down', ['fkr'], 'write it down'],
    ['@fkr write it down', ['fkr'], 'write it down'],
    ['@fkr to write it down', ['fkr'], 'write it down'],
    ['fkr, garloff: write it down', ['fkr', 'garloff'], 'write it down'],
    ['write it down', [], 'write it down'],
    ['Docs: update the README', [], 'Docs: update the README'],
    ['AI @fkr: write it down', ['fkr'], 'write it down'],
    ['write it down (@fkr)', ['fkr'], 'write it down'],
  ])('reads %j', (text, owners, rest) => {
    expect(parseActionText(text, options)).toEqual(action(owners, rest));
  });

  it('reads a due date', () => {
    expect(parseActionText('@fkr: write it down due 15 Jan', options)).toEqual(
      action(['fkr'], 'write it down', '2024-01-15'),
    );
  });

  it('keeps the text when it is nothing but a due phrase', () => {
    expect(parseActionText('by Friday', options).text).toBe('by Friday');
  });
});

describe('parseActionUpdate', () => {
  it('reads an update subject title', () => {
    expect(parseActionUpdate('A-12 done')).toEqual({
      kind: 'action-update',
      ref: 'A-12',
      status: 'done',
      note: null,
    });
    expect(parseActionUpdate('a7 dropped: duplicate of A-3')).toEqual({
      kind: 'action-update',
      ref: 'A-7',
      status: 'dropped',
      note: 'duplicate of A-3',
    });
  });

  it('returns null for a title that is not an update', () => {
    expect(parseActionUpdate('@fkr: write it down')).toBeNull();
    expect(parseActionUpdate('A-12')).toBeNull();
  });
});
