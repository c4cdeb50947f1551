import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MATRIX_HTML_TAGS, matrixContent } from './matrix-content.models.js';

function golden(name: string): { subject: string; text: string } {
  const file = readFileSync(new URL(`../../test/golden/${name}`, import.meta.url), 'utf8');
  const match = /^Subject: (.*)\n\n([\s\S]*)$/.exec(file);
  if (!match) throw new Error(`${name} does not start with a Subject line`);
  return { subject: match[1]!, text: match[2]! };
}

function tags(html: string): string[] {
  return [...html.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9-]*)/g)].map((m) => m[1]!.toLowerCase());
}

/** What a client shows as text: tags dropped, entities decoded. */
function visibleText(html: string): string {
  return html
    .replace(/<br>/g, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

describe('matrixContent', () => {
  it('makes the plain body the subject, a blank line, then the digest text', () => {
    const content = matrixContent('[agenda] Team IaaS', 'Agenda\n  1. Item\n');
    expect(content.body).toBe('[agenda] Team IaaS\n\nAgenda\n  1. Item');
  });

  it('puts the subject in a heading and a section title followed by an indented block in bold', () => {
    const { formattedBody } = matrixContent('[agenda] Team IaaS', 'Decisions\n  - v2 stays valid\n');
    expect(formattedBody).toBe(
      '<h4>[agenda] Team IaaS</h4><p><strong>Decisions</strong></p><pre><code>- v2 stays valid</code></pre>',
    );
  });

  it('keeps the columns of an indented block aligned, removing only the shared indentation', () => {
    const text = 'Open action items\n  @fkr\n    A-9   reach out ..... since 27 Nov\n';
    expect(matrixContent('s', text).formattedBody).toContain(
      '<pre><code>@fkr\n  A-9   reach out ..... since 27 Nov</code></pre>',
    );
  });

  it('joins unindented lines that head no block into one paragraph with line breaks', () => {
    const text = 'Minutes: @a   Community-call report: @b\n(next time: minutes @c, report @d)\n';
    expect(matrixContent('s', text).formattedBody).toBe(
      '<h4>s</h4><p>Minutes: @a   Community-call report: @b<br>(next time: minutes @c, report @d)</p>',
    );
  });

  it("escapes a '<script>' in a title so it arrives as text, in the subject and in the body", () => {
    const title = '<script>alert("x")</script> & <b>bold</b>';
    const { formattedBody, body } = matrixContent(`[agenda] ${title}`, `Agenda\n  1.  ${title} .... @fkr\n`);
    expect(formattedBody).not.toContain('<script');
    expect(formattedBody).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold');
    expect(tags(formattedBody).every((tag) => MATRIX_HTML_TAGS.includes(tag))).toBe(true);
    expect(body).toContain(title);
  });

  it('links http(s) URLs, leaving trailing punctuation and other schemes as text', () => {
    const text = 'Join: https://conf.scs.koeln:8443/SCS-Tech.\nNot a link: javascript:alert(1)\n';
    const { formattedBody } = matrixContent('s', text);
    expect(formattedBody).toContain(
      'Join: <a href="https://conf.scs.koeln:8443/SCS-Tech">https://conf.scs.koeln:8443/SCS-Tech</a>.',
    );
    expect(formattedBody).toContain('Not a link: javascript:alert(1)');
  });

  it('escapes a quote inside a URL so it cannot leave the href attribute', () => {
    const { formattedBody } = matrixContent('s', "see https://x.example/a'onmouseover=b\n");
    expect(formattedBody).toContain(
      '<a href="https://x.example/a">https://x.example/a</a>&#39;onmouseover=b',
    );
  });

  it('sets the signature apart with a rule and makes no headings in it', () => {
    const text =
      'Decisions\n  - one\n\n-- \nlistscribe for Team IaaS,\nscs-tech@lists.example:\n  add an item\n';
    const { formattedBody } = matrixContent('s', text);
    expect(formattedBody).toContain('<hr><p>listscribe for Team IaaS,<br>scs-tech@lists.example:</p>');
    expect(formattedBody.split('<hr>')[1]).not.toContain('<strong>');
  });

  it('normalises CRLF line ends', () => {
    expect(matrixContent('s', 'A\r\n  b\r\n').body).toBe('s\n\nA\n  b');
  });

  for (const name of ['agenda-basic.txt', 'minutes-basic.txt']) {
    describe(`the golden digest ${name}`, () => {
      const { subject, text } = golden(name);
      const { body, formattedBody } = matrixContent(subject, text);

      it('converts using only tags from the allowed list', () => {
        expect(tags(formattedBody).length).toBeGreaterThan(0);
        expect(tags(formattedBody).filter((tag) => !MATRIX_HTML_TAGS.includes(tag))).toEqual([]);
      });

      it('loses no line of text', () => {
        const shown = visibleText(formattedBody);
        for (const line of text.split('\n')) {
          if (line.trim() !== '' && line !== '-- ') expect(shown).toContain(line.trim());
        }
        expect(body.startsWith(`${subject}\n\n`)).toBe(true);
      });

      it('stays well under the 64 KiB event size limit', () => {
        expect(Buffer.byteLength(JSON.stringify({ body, formattedBody }))).toBeLessThan(32_000);
      });
    });
  }

  it('turns the agenda headings into bold and its item list into a preformatted block', () => {
    const { subject, text } = golden('agenda-basic.txt');
    const { formattedBody } = matrixContent(subject, text);
    expect(formattedBody).toContain('<p><strong>Open action items (6, 1 overdue)</strong></p>');
    expect(formattedBody).toContain('<pre><code>15:05  1.  Monitoring standards ......');
    expect(formattedBody.startsWith(`<h4>[agenda] Team IaaS — Mon 11 Dec 2023, 15:05 CET</h4>`)).toBe(true);
  });
});
