import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { looksLikeMinutes, type MinutesDocument, parseMinutes } from './minutes.models.js';

const fixture = (name: string): string =>
  readFileSync(fileURLToPath(new URL(`../../test/fixtures/minutes/${name}`, import.meta.url)), 'utf8');
const parse = (markdown: string, fallbackDate: string | null = null): MinutesDocument =>
  parseMinutes(markdown, { fallbackDate, referenceDate: null });
const md = (...lines: string[]): string => lines.join('\n');

describe('seed-shaped minutes (# date, # Participants, ### Topic (@owner ~N min))', () => {
  const doc = parse(fixture('seed-like.md'));

  it('takes the date from the title heading', () => {
    expect(doc.minutes.date).toBe('2025-03-12');
  });

  it('lists participants as handles without "@", case kept, duplicates dropped, in order', () => {
    expect(doc.minutes.participants).toEqual(['rkowalski', 'mtanaka', 'Ingrid-Olsen', 'pnovak']);
  });

  it('reads the ### topics under ## Agenda with owners and time boxes split off the title', () => {
    expect(doc.minutes.topics).toEqual([
      { title: 'Storage backend migration plan', owners: ['mtanaka'], minutes: 10 },
      { title: 'Release notes for R9', owners: ['Ingrid-Olsen'], minutes: null },
      { title: 'Lab hardware', owners: [], minutes: null },
    ]);
  });

  it('has no roles when the minutes name none', () => {
    expect(doc.minutes.roles).toEqual({ reporter: null, minuteTaker: null });
  });

  it('returns the action items and decisions in document order', () => {
    expect(doc.items.map((i) => i.kind)).toEqual(['action', 'decision', 'action']);
    expect(doc.items[0]).toMatchObject({ kind: 'action', owners: ['mtanaka', 'pnovak'] });
    expect(doc.items[1]).toMatchObject({ kind: 'decision' });
  });
});

describe('## Housekeeping roles and time boxes written under the topic heading', () => {
  const doc = parse(fixture('housekeeping-roles.md'));

  it('reads reporter and minute-taker from "Report in … community call:" and "Responsible for the minutes …:"', () => {
    expect(doc.minutes.roles).toEqual({ reporter: 'chen-li', minuteTaker: 'dvogel' });
  });

  it('keeps the participant and drops the remark in "@bsantos (only listening)"', () => {
    expect(doc.minutes.participants).toEqual(['akeller', 'bsantos', 'chen-li', 'dvogel']);
  });

  it('takes "~ 5-10 Minutes" and "- 15 min" under a heading as the time box (upper bound of a range)', () => {
    expect(doc.minutes.topics).toEqual([
      { title: 'Image build pipeline', owners: ['bsantos'], minutes: 10 },
      { title: 'Network policy standard', owners: ['chen-li', 'dvogel'], minutes: 15 },
    ]);
  });

  it('drops an empty AOB section and the Housekeeping section from the topics', () => {
    expect(doc.minutes.topics.map((t) => t.title)).not.toContain('AOB');
  });

  it('does not re-read action items listed under "AIs from last call"', () => {
    expect(doc.items).toEqual([
      { kind: 'action', owners: ['bsantos'], text: 'document the new cache settings', due: null },
    ]);
  });
});

describe('## Recurring items as question and answer', () => {
  const doc = parse(fixture('recurring-items.md'));

  it('finds both roles when one question names both and the answer is on the next bullet', () => {
    expect(doc.minutes.roles).toEqual({ reporter: 'ewagner', minuteTaker: 'ewagner' });
  });

  it('reads a date that follows words in the title', () => {
    expect(doc.minutes.date).toBe('2023-01-11');
  });

  it('mixes handles and names, prefers "(@handle)" over the name, ignores pad notices and links', () => {
    expect(doc.minutes.participants).toEqual(['ewagner', 'Frank Meyer', 'gh-olsen', 'ghansen']);
  });

  it('reads "(@owner, 5min)" annotations', () => {
    expect(doc.minutes.topics).toEqual([
      { title: 'Quota defaults', owners: [], minutes: null },
      { title: 'Backup retention', owners: ['gh-olsen'], minutes: 5 },
    ]);
  });
});

describe('participants as a comma list and ## topics without an Agenda heading', () => {
  const doc = parse(fixture('comma-participants.md'));

  it('splits "Participants: @a, @b, Name; @c" on commas and semicolons', () => {
    expect(doc.minutes.participants).toEqual(['ivanova', 'jmartin', 'Karl Berg', 'lnguyen']);
  });

  it('reads "Minutes: @x" and "Community call reporter: @y" label lines', () => {
    expect(doc.minutes.roles).toEqual({ reporter: 'ivanova', minuteTaker: 'jmartin' });
  });

  it('takes the ## headings as topics when there is no Agenda section', () => {
    expect(doc.minutes.topics).toEqual([
      { title: 'Load balancer timeouts', owners: ['lnguyen'], minutes: 5 },
      { title: 'Docs reorganisation', owners: [], minutes: null },
    ]);
  });

  it('still finds decisions and action items under those topics', () => {
    expect(doc.items.map((i) => i.kind)).toEqual(['decision', 'action']);
  });
});

describe('topics written as top-level bullets of the Agenda', () => {
  const doc = parse(fixture('bullet-topics.md'));

  it('uses the top-level bullets, not their nested notes', () => {
    expect(doc.minutes.topics).toEqual([
      { title: 'Certificate rotation', owners: ['okafor'], minutes: 10 },
      { title: 'Upgrade window for the database', owners: ['quinn'], minutes: 15 },
      { title: 'Onboarding of the new team member', owners: [], minutes: null },
    ]);
  });

  it('reads "## Attendees" as the participants', () => {
    expect(doc.minutes.participants).toEqual(['okafor', 'pweiss', 'quinn']);
  });

  it('reads only the reporter when the question asks only for the community call', () => {
    expect(doc.minutes.roles).toEqual({ reporter: 'pweiss', minuteTaker: null });
  });
});

describe('no date in the document', () => {
  const markdown = fixture('no-date.md');

  it('uses the fallback date', () => {
    expect(parse(markdown, '2025-02-20').minutes.date).toBe('2025-02-20');
  });

  it('answers null when there is no fallback either', () => {
    expect(parse(markdown, null).minutes.date).toBeNull();
  });

  it('does not mistake a title without date for a topic, and forgives a "< @x" bullet typo', () => {
    const doc = parse(markdown, '2025-02-20');
    expect(doc.minutes.topics.map((t) => t.title)).toEqual(['Flavor naming follow-up']);
    expect(doc.minutes.participants).toEqual(['rsilva', 'tkoch', 'uberg']);
    expect(doc.minutes.roles).toEqual({ reporter: null, minuteTaker: 'tkoch' });
  });

  it('prefers the date the document names over the fallback', () => {
    expect(parse(fixture('seed-like.md'), '1999-01-01').minutes.date).toBe('2025-03-12');
  });
});

describe('German minutes (Teilnehmende, Organisatorisches, Protokoll, Tagesordnung)', () => {
  const doc = parse(fixture('german.md'));

  it('reads a DD.MM.YYYY date in the title', () => {
    expect(doc.minutes.date).toBe('2025-03-12');
  });

  it('reads "## Teilnehmende" with names and handles', () => {
    expect(doc.minutes.participants).toEqual(['Anna Schmidt', 'bmueller', 'cwolf']);
  });

  it('reads "Protokoll:" and "Bericht im Community Call:" as roles, a name where no handle is given', () => {
    expect(doc.minutes.roles).toEqual({ reporter: 'Anna Schmidt', minuteTaker: 'bmueller' });
  });

  it('reads topics under "## Tagesordnung" and drops an empty "Sonstiges"', () => {
    expect(doc.minutes.topics).toEqual([{ title: 'Umstellung auf IPv6', owners: ['cwolf'], minutes: 20 }]);
  });
});

describe('minutes in a mail body without headings', () => {
  const doc = parse(fixture('mail-body.md'));

  it('reads "Date:", "Attendees:" and "Minute taker:" label lines', () => {
    expect(doc.minutes.date).toBe('2025-07-09');
    expect(doc.minutes.participants).toEqual(['vdiaz', 'wkim', 'Xaver Huber']);
    expect(doc.minutes.roles).toEqual({ reporter: null, minuteTaker: 'wkim' });
  });

  it('takes top-level bullets as topics, not the greeting or the signature', () => {
    expect(doc.minutes.topics).toEqual([
      { title: 'Monitoring alerts', owners: ['vdiaz'], minutes: 5 },
      { title: 'Team offsite planning', owners: [], minutes: null },
    ]);
  });
});

describe('another team\'s shape: emoji headings and a "Community call and minutes transfer" section', () => {
  const doc = parse(fixture('emoji-headings.md'));

  it('recognises ":family: Participants" and ":notebook: Agenda" headings', () => {
    expect(doc.minutes.participants).toEqual(['yara-b', 'zoltan', 'aiko_m']);
    expect(doc.minutes.topics).toEqual([
      { title: 'Registry mirror rollout', owners: ['yara-b'], minutes: 10 },
      { title: 'Test cluster cleanup', owners: ['zoltan'], minutes: 3 },
    ]);
  });

  it('reads "Who is reporting …? @x" and "Minute transfer to github? @y"', () => {
    expect(doc.minutes.roles).toEqual({ reporter: 'zoltan', minuteTaker: 'aiko_m' });
  });

  it('gives both roles to the one handle under a "Community call and minutes" heading', () => {
    const single = parse(
      md('# 2023-06-12', '## Community call and minutes transfer', '', '* @jdoe', '## Agenda'),
    );
    expect(single.minutes.roles).toEqual({ reporter: 'jdoe', minuteTaker: 'jdoe' });
  });
});

describe('slides with YAML front matter and HTML in headings', () => {
  const doc = parse(fixture('slides-frontmatter.md'), '2000-01-01');

  it('takes the date from the front matter', () => {
    expect(doc.minutes.date).toBe('2025-09-18');
  });

  it('strips HTML tags from titles and never treats front matter or styles as content', () => {
    expect(doc.minutes.topics.map((t) => t.title)).toEqual(['Platform Updates', 'Storage', 'Networking']);
    expect(doc.minutes.participants).toEqual([]);
  });

  it('takes a heading that is only a date when the title has none', () => {
    const banner = parse(
      md('# Sovereign Cloud', '## Community Call', '### <font size=12px>2023-10-12</font>', '# Team A'),
    );
    expect(banner.minutes.date).toBe('2023-10-12');
  });
});

describe('structure quirks seen in real minutes', () => {
  it('ignores "#" lines inside fenced code blocks', () => {
    const doc = parse(
      md(
        '# 2024-05-29',
        '## Agenda',
        '### Rook (@x)',
        '```',
        '# on manager node',
        '## TODO: remove',
        '```',
        '### Next',
      ),
    );
    expect(doc.minutes.topics.map((t) => t.title)).toEqual(['Rook', 'Next']);
  });

  it('keeps #### sub-headings inside their ### topic', () => {
    const doc = parse(
      md('# 2023-11-30', '## Agenda', '### Sprint Review', '#### Image Manager', '### Announcements'),
    );
    expect(doc.minutes.topics.map((t) => t.title)).toEqual(['Sprint Review', 'Announcements']);
  });

  it('takes ## headings that follow "## Agenda" as topics', () => {
    const doc = parse(
      md('# 2022-08-24', '## Agenda', '* #146', '## Upgrade path for R3', '* ok', '## Release Notes'),
    );
    expect(doc.minutes.topics.map((t) => t.title)).toEqual(['Upgrade path for R3', 'Release Notes']);
  });

  it('strips an owner note that is not at the end and never leaves "(@" in a title', () => {
    const doc = parse(md('# 2024-01-10', '## Agenda', '### Outline of epic-0 (@fkr & @yeoldegrove) - VP03'));
    expect(doc.minutes.topics).toEqual([
      { title: 'Outline of epic-0 - VP03', owners: ['fkr', 'yeoldegrove'], minutes: null },
    ]);
  });

  it('turns Markdown links in titles into their text', () => {
    const doc = parse(
      md('# 2023-07-05', '## Agenda', '### Standard images: [PR 314](https://example.org/pr/314)'),
    );
    expect(doc.minutes.topics[0]?.title).toBe('Standard images: PR 314');
  });

  it('reads handles that follow the title directly as participants when the heading is missing', () => {
    const doc = parse(md('# 2022-10-05', '* @fkr', '* @tibeer', '', '## Agenda', '### R4'));
    expect(doc.minutes.participants).toEqual(['fkr', 'tibeer']);
  });

  it('reads a role answered by a name after an arrow on the next line', () => {
    const doc = parse(
      md(
        '# 2022-07-13',
        '## Recurring items',
        '* Who is presenting in weekly community call?',
        '-> christian b.',
      ),
    );
    expect(doc.minutes.roles.reporter).toBe('christian b');
  });

  it('leaves a role null when the answer says nobody does it', () => {
    const doc = parse(
      md(
        '# 2024-10-02',
        '## Housekeeping',
        '- Report in this weeks community call: => no community call this week',
      ),
    );
    expect(doc.minutes.roles.reporter).toBeNull();
  });

  it('accepts CRLF line endings and a byte-order mark', () => {
    const doc = parse('\uFEFF# 2025-01-08\r\n## Participants\r\n* @a\r\n## Agenda\r\n### T (@a ~5 min)\r\n');
    expect(doc.minutes).toEqual({
      date: '2025-01-08',
      participants: ['a'],
      roles: { reporter: null, minuteTaker: null },
      topics: [{ title: 'T', owners: ['a'], minutes: 5 }],
    });
  });
});

describe('degrading gracefully', () => {
  it.each([
    ['an empty string', ''],
    ['only whitespace', '   \n\n  '],
    ['prose', 'Hi all, thanks for the call, see you next week.'],
    ['only headings', '#\n##\n###   \n#### (@x ~5 min)'],
    ['an unclosed code fence', '# 2025-01-01\n```\n# not a heading'],
    ['binary noise', '\u0000\u0001#\u0002 @@@ (((( ]]]] [[ ~~ **'],
  ])('never throws on %s and returns empty structure', (_name, markdown) => {
    const doc = parse(markdown, null);
    expect(doc.minutes.participants).toEqual(expect.any(Array));
    expect(doc.minutes.topics.every((t) => t.title !== '')).toBe(true);
  });

  it('does not throw when handed something that is not a string', () => {
    expect(() =>
      parseMinutes(undefined as unknown as string, { fallbackDate: null, referenceDate: null }),
    ).not.toThrow();
  });
});

describe('looksLikeMinutes', () => {
  it.each([
    'seed-like.md',
    'housekeeping-roles.md',
    'recurring-items.md',
    'comma-participants.md',
    'bullet-topics.md',
    'no-date.md',
    'german.md',
    'mail-body.md',
    'emoji-headings.md',
  ])('recognises %s', (name) => {
    expect(looksLikeMinutes(fixture(name))).toBe(true);
  });

  it.each([
    ['an empty body', ''],
    ['a short reply', 'Sounds good to me.\n\nAI @fkr: send the invite'],
    ['a prose mail with a greeting', 'Hi all,\n\nminutes are attached, please review.\n\nThanks,\nKurt'],
    ['an agenda proposal', '# Agenda\n\n- IaaS standards v3 (15 min)'],
  ])('rejects %s', (_name, text) => {
    expect(looksLikeMinutes(text)).toBe(false);
  });
});
