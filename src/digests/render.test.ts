import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { action, agendaInput, meeting, minutesInput, team } from '../../test/support/digest-fixtures.js';
import { agendaDigestView } from './agenda-digest.models.js';
import { minutesDigestView } from './minutes-digest.models.js';
import { createDigestRenderer, DigestTemplateError } from './render.js';

const tempDirs: string[] = [];
function templateDir(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'listscribe-templates-'));
  tempDirs.push(dir);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}
afterEach(() => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const hostile = agendaInput({
  agenda: [
    {
      title: '<script>alert(1)</script> & "quotes"',
      owner: '<img src=x onerror=alert(2)>',
      minutes: 5,
      carriedFrom: null,
    },
  ],
  openActions: [
    action('A-1', ['<b>bold</b>'], 'fix <a href="http://evil">this</a>', '2023-12-01T10:00:00Z', 1),
  ],
});

describe('createDigestRenderer', () => {
  const renderer = createDigestRenderer({});

  it('puts the team, date and local start time into the agenda subject', () => {
    expect(renderer.agenda(agendaDigestView(agendaInput())).subject).toBe(
      '[agenda] Team IaaS — Mon 11 Dec 2023, 15:05 CET',
    );
    expect(renderer.minutes(minutesDigestView(minutesInput())).subject).toBe(
      '[minutes] Team IaaS — Mon 11 Dec 2023',
    );
  });

  it('HTML-escapes a <script> in a title and markup in a name in the HTML part', () => {
    const { html } = renderer.agenda(agendaDigestView(hostile));
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>bold');
    expect(html).not.toContain('<a href="http://evil"');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;');
    expect(html).toContain('@&lt;img src&#x3D;x onerror&#x3D;alert(2)&gt;');
  });

  it('links the meeting location in the HTML part when it holds a web address, and leaves the text part as it was', () => {
    const at = (location: string) =>
      renderer.agenda(agendaDigestView(agendaInput({ meeting: { ...meeting, location } })));
    const jitsi = at('Jitsi: https://meet.example.org/iaas?pin=1&lang=en (PIN 1234)');
    expect(jitsi.html).toContain(
      'Join: <a href="https://meet.example.org/iaas?pin&#x3D;1&amp;lang&#x3D;en" style="color:#0969da;">Jitsi: https://meet.example.org/iaas?pin&#x3D;1&amp;lang&#x3D;en (PIN 1234)</a>',
    );
    expect(jitsi.text).toContain('Join: Jitsi: https://meet.example.org/iaas?pin=1&lang=en (PIN 1234)\n');
    const breakout = at('https://meet.example.org/"onmouseover="alert(1)');
    expect(breakout.html).toContain('<a href="https://meet.example.org/" style="color:#0969da;">');
    expect(breakout.html).not.toContain('"onmouseover');
    const room = at('Room 4.12, Kaiserstraße 5');
    expect(room.html).toContain('Join: Room 4.12, Kaiserstraße 5</p>');
  });

  it('never makes a link of a javascript:, data: or otherwise non-web location', () => {
    for (const location of [
      'javascript:alert(1)',
      "javascript:alert('https://meet.example.org/')",
      'JaVaScRiPt:alert(document.cookie)//https://x',
      'data:text/html,<script>alert(1)</script>',
      'xhttps://meet.example.org/iaas',
      'https://',
    ]) {
      const { html } = renderer.agenda(agendaDigestView(agendaInput({ meeting: { ...meeting, location } })));
      const join = html.split('\n').find((line) => line.includes('Join:')) ?? '';
      expect(join, location).not.toContain('<a ');
      expect(html, location).not.toMatch(/href="(?!mailto:|https:\/\/listscribe\.example\.org\/)/);
    }
  });

  it('HTML-escapes mail-derived text in the minutes HTML part', () => {
    const { html } = renderer.minutes(
      minutesDigestView(minutesInput({ decisions: [{ text: '<script>x()</script>', topic: '<i>t</i>' }] })),
    );
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;x()&lt;/script&gt;');
  });

  it('leaves the text part unescaped: it is plain text, not HTML', () => {
    const { text } = renderer.agenda(agendaDigestView(hostile));
    expect(text).toContain('<script>alert(1)</script>');
    expect(text).toMatch(/&\s+"quotes"/);
    expect(text).toContain('fix <a href="http://evil">this</a>');
    expect(text).not.toContain('&lt;');
  });

  it('never lets CR/LF from a team name or a title reach the subject', () => {
    const input = agendaInput({
      team: { ...team, name: 'Team IaaS\r\nBcc: everyone@example.org' },
      agenda: [{ title: 'v3\r\nX-Injected: yes', owner: 'fkr', minutes: 5, carriedFrom: null }],
    });
    // An operator's subject template that puts the first title into the subject.
    const custom = createDigestRenderer({
      templateDir: templateDir({
        'subject-agenda.hbs': '[agenda] {{team.name}}\n{{#each agenda.items}}{{title}}\r\n{{/each}}',
      }),
    });
    for (const r of [renderer, custom]) {
      const { subject } = r.agenda(agendaDigestView(input));
      expect(subject).not.toMatch(/[\r\n]/);
    }
    expect(custom.agenda(agendaDigestView(input)).subject).toBe(
      '[agenda] Team IaaS Bcc: everyone@example.org v3 X-Injected: yes',
    );
  });

  it('lets an override folder replace just one template and keeps the defaults for the rest', () => {
    const custom = createDigestRenderer({
      templateDir: templateDir({ 'subject-agenda.hbs': 'Agenda for {{meeting.dateShort}}' }),
    });
    const view = agendaDigestView(agendaInput());
    const rendered = custom.agenda(view);
    expect(rendered.subject).toBe('Agenda for Mon 11 Dec 2023');
    expect(rendered.text).toBe(renderer.agenda(view).text);
    expect(rendered.html).toBe(renderer.agenda(view).html);
  });

  it('lets an override folder replace a partial', () => {
    const custom = createDigestRenderer({
      templateDir: templateDir({ 'partials/footer-text.hbs': '-- \nThe {{team.name}} scribe\n' }),
    });
    const { text } = custom.minutes(minutesDigestView(minutesInput()));
    expect(text.endsWith('-- \nThe Team IaaS scribe\n')).toBe(true);
  });

  it('fails loudly, naming the template, when a template refers to a field that does not exist', () => {
    const custom = createDigestRenderer({
      templateDir: templateDir({ 'minutes.text.hbs': 'Minutes of {{meeting.titel}}\n' }),
    });
    const render = () => custom.minutes(minutesDigestView(minutesInput()));
    expect(render).toThrow(DigestTemplateError);
    expect(render).toThrow(/minutes\.text\.hbs.*titel/);
  });

  it('fails when the renderer is created, naming the template, on a template syntax error', () => {
    const dir = templateDir({ 'agenda.html.hbs': '<p>{{#each agenda.items}}{{title}}</p>' });
    expect(() => createDigestRenderer({ templateDir: dir })).toThrow(/agenda\.html\.hbs/);
  });

  it('names the expected minute-taker when no minutes came, and still lists the decisions', () => {
    const { text, html } = renderer.minutes(minutesDigestView(minutesInput({ minutes: null })));
    expect(text).toContain('No minutes were posted by @FriederikeZelke.');
    expect(text).toContain('v2 stays valid until 2024-01-31');
    expect(text).toContain('A-12  @garloff: announce the v2 extension on the mailing list');
    expect(html).toContain('No minutes were posted by @FriederikeZelke.');
    expect(html).toContain('v2 stays valid until 2024-01-31');
  });

  it('renders a first meeting with nothing filed, no action items and a quiet list', () => {
    const view = agendaDigestView(
      agendaInput({ agenda: [], openActions: [], closedSinceLast: [], threads: [], since: null }),
    );
    const { text, html } = renderer.agenda(view);
    expect(text).toContain('Agenda (0 of 50 min planned)\n  Nothing filed yet.');
    expect(text).toContain('Open action items (0)\n  None open.');
    expect(text).toContain('On the list (0 messages in 0 threads)\n  Quiet week: no threads.');
    expect(html).toContain('Nothing filed yet.');
  });

  it('renders a minutes digest with nothing recorded and no next meeting', () => {
    const view = minutesDigestView(
      minutesInput({
        minutes: null,
        rotation: { minuteTaker: null, reporter: null },
        decisions: [],
        newActions: [],
        updatedActions: [],
        openActions: [],
        carriedOver: [],
        nextMeeting: null,
      }),
    );
    const { text } = renderer.minutes(view);
    expect(text).toContain('No minutes were posted by anyone — nobody was assigned.');
    expect(text).toContain('Decisions\n  None recorded.');
    expect(text).toContain('No next meeting is scheduled.');
  });

  it('keeps the HTML part free of external resources', () => {
    const { html } = renderer.agenda(agendaDigestView(agendaInput()));
    expect(html).not.toMatch(/<img|<link|<script|src=|url\(/i);
  });
});
