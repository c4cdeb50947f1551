import { describe, expect, it } from 'vitest';
import { cutOutlookQuote, htmlToPlainText, htmlToReplyText } from './html-text.models.js';

describe('htmlToPlainText', () => {
  it('keeps headings as written instead of upper-casing them', () => {
    expect(htmlToPlainText('<h1>2023-12-04</h1><h3>IaaS standards (@fkr ~5 min)</h3><p>text</p>')).toBe(
      '2023-12-04\n\nIaaS standards (@fkr ~5 min)\n\ntext',
    );
  });

  it('renders unordered lists with "- " and ordered lists with numbers', () => {
    expect(
      htmlToPlainText('<ul><li>one</li><li>two<ul><li>nested</li></ul></li></ul><ol><li>first</li></ol>'),
    ).toBe('- one\n- two\n  - nested\n\n 1. first');
  });

  it('shows links as their text and drops images', () => {
    expect(
      htmlToPlainText(
        '<p>See <a href="https://pad.example.org/x">the pad</a> <img alt="spacer" src="x.gif"></p>',
      ),
    ).toBe('See the pad');
  });

  it('decodes entities and drops scripts and styles', () => {
    expect(
      htmlToPlainText('<style>a{}</style><script>x()</script><p>A&nbsp;&amp;&nbsp;B &euro; &#x263A;</p>'),
    ).toBe('A & B € ☺');
  });

  it('renders layout tables row by row without a grid', () => {
    expect(
      htmlToPlainText(
        '<table><tr><td>Subject:</td><td>Lab day</td></tr><tr><td>Date:</td><td>Mon</td></tr></table>',
      ),
    ).toBe('Subject: Lab day\nDate: Mon');
  });

  it('keeps quotes as "> " lines', () => {
    expect(htmlToPlainText('<p>new</p><blockquote><p>old</p></blockquote>')).toBe('new\n\n> old');
  });

  it('keeps preformatted text as it is', () => {
    expect(htmlToPlainText('<pre>* @fkr\n    * nested</pre>')).toBe('* @fkr\n    * nested');
  });

  it('returns an empty string for markup without text', () => {
    expect(htmlToPlainText('<div><br></div><img src="x">')).toBe('');
  });
});

describe('htmlToReplyText', () => {
  it('drops every kind of quote container', () => {
    const html =
      '<p>mine</p><blockquote type="cite">b</blockquote><div class="gmail_quote">g</div><div class="yahoo_quoted">y</div>' +
      '<div class="moz-cite-prefix">m</div><div class="protonmail_quote">p</div>';
    expect(htmlToReplyText(html)).toBe('mine');
  });

  it('marks a bare blockquote with "> " so its attribution can go with it', () => {
    expect(htmlToReplyText('<p>mine</p><div>Kurt wrote:</div><blockquote><p>old</p></blockquote>')).toBe(
      'mine\n\nKurt wrote:\n\n> old',
    );
  });
});

describe('cutOutlookQuote', () => {
  it('cuts at #appendonsend together with the <hr> Outlook draws', () => {
    expect(cutOutlookQuote('<div>new</div><hr style="x"><div id="appendonsend"></div><p>old</p>')).toBe(
      '<div>new</div>',
    );
  });

  it('cuts at #divRplyFwdMsg with unquoted attributes', () => {
    expect(cutOutlookQuote('<div>new</div><div id=divRplyFwdMsg dir=ltr>From: x</div>')).toBe(
      '<div>new</div>',
    );
  });

  it('leaves other HTML alone', () => {
    expect(cutOutlookQuote('<div id="main">x</div>')).toBe('<div id="main">x</div>');
  });
});
