import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { agendaInput, minutesInput } from '../../test/support/digest-fixtures.js';
import { agendaDigestView } from './agenda-digest.models.js';
import { minutesDigestView } from './minutes-digest.models.js';
import { minutesMarkdown } from './minutes-markdown.models.js';
import { createDigestRenderer, TEXT_COLUMNS } from './render.js';

// UPDATE_GOLDEN=1 npx vitest run src/digests re-records the files after a deliberate change.
const update = process.env.UPDATE_GOLDEN === '1';
const goldenDir = new URL('../../test/golden/', import.meta.url);

function expectGolden(name: string, actual: string): void {
  const file = fileURLToPath(new URL(name, goldenDir));
  if (update) {
    mkdirSync(fileURLToPath(goldenDir), { recursive: true });
    writeFileSync(file, actual);
  }
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

function expectFitsPlainTextMail(text: string): void {
  const tooWide = text.split('\n').filter((line) => [...line].length > TEXT_COLUMNS);
  expect(tooWide).toEqual([]);
}

const renderer = createDigestRenderer({});

const overlong = agendaInput({
  agenda: [
    { title: 'IaaS standards v3 stabilization', owner: 'garloff', minutes: 25, carriedFrom: null },
    { title: 'SCS lab cabling status', owner: 'FriederikeZelke', minutes: 15, carriedFrom: null },
    { title: 'Monitoring standards', owner: 'berendt', minutes: 15, carriedFrom: '2023-11-27' },
    { title: 'Cluster stacks: release plan for R6', owner: 'matofeder', minutes: 10, carriedFrom: null },
  ],
});

describe('agenda digest golden files', () => {
  const basic = renderer.agenda(agendaDigestView(agendaInput()));

  it('renders the Team IaaS agenda of 11 Dec 2023 as text', () => {
    expectGolden('agenda-basic.txt', `Subject: ${basic.subject}\n\n${basic.text}`);
    expectFitsPlainTextMail(basic.text);
  });

  it('renders the Team IaaS agenda of 11 Dec 2023 as HTML', () => {
    expectGolden('agenda-basic.html', basic.html);
  });

  it('renders an over-long agenda with the planned end drawn where the time runs out', () => {
    const rendered = renderer.agenda(agendaDigestView(overlong));
    expectGolden('agenda-overlong.txt', `Subject: ${rendered.subject}\n\n${rendered.text}`);
    expectFitsPlainTextMail(rendered.text);
  });
});

describe('minutes digest golden files', () => {
  const basic = renderer.minutes(minutesDigestView(minutesInput()));

  it('renders the minutes digest of 11 Dec 2023 as text', () => {
    expectGolden('minutes-basic.txt', `Subject: ${basic.subject}\n\n${basic.text}`);
    expectFitsPlainTextMail(basic.text);
  });

  it('renders the minutes digest of 11 Dec 2023 as HTML', () => {
    expectGolden('minutes-basic.html', basic.html);
  });

  it('renders the digest for a meeting whose minutes never came', () => {
    const rendered = renderer.minutes(minutesDigestView(minutesInput({ minutes: null })));
    expectGolden('minutes-none-posted.txt', `Subject: ${rendered.subject}\n\n${rendered.text}`);
    expectFitsPlainTextMail(rendered.text);
  });

  it('attaches the posted minutes as the team wrote them', () => {
    const md = minutesMarkdown(minutesInput());
    expect(md.filename).toBe('20231211.md');
    expectGolden('minutes-basic.md', md.content);
  });

  it('attaches a skeleton in the team’s minutes shape when none were posted', () => {
    const md = minutesMarkdown(minutesInput({ minutes: null }));
    expect(md.filename).toBe('20231211.md');
    expectGolden('minutes-none-posted.md', md.content);
  });
});
