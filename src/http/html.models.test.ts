import { describe, expect, it } from 'vitest';
import { escapeHtml, html, trustedHtml } from './html.models.js';

describe('html', () => {
  it('escapes every interpolated string, in text and in attributes', () => {
    const title = `<script>alert("x")</script> & 'quotes'`;
    const page = html`<a title="${title}">${title}</a>`.value;
    expect(page).toBe(
      '<a title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;</a>',
    );
  });

  it('nests SafeHtml without escaping it twice, joins arrays and drops null, undefined and false', () => {
    const items = ['a<b', 'c'].map((t) => html`<li>${t}</li>`);
    expect(html`<ul>${items}</ul>${null}${undefined}${false}${0}`.value).toBe(
      '<ul><li>a&lt;b</li><li>c</li></ul>0',
    );
  });

  it('passes trusted output through as it is', () => {
    expect(html`<div>${trustedHtml('<p>digest</p>')}</div>`.value).toBe('<div><p>digest</p></div>');
    expect(escapeHtml('`')).toBe('&#96;');
  });
});
