import { describe, expect, it } from 'vitest';
import { trimReply } from './reply-trim.models.js';

const fromHtml = (html: string, subject?: string) => trimReply({ text: null, html, subject });
const noMarkup = (text: string) => expect(text).not.toMatch(/<\/?[a-z][^>]*>|&(?:[a-z]+|#\d+);/i);

describe('choosing the part', () => {
  it('uses the text part when it has content', () => {
    expect(trimReply({ text: 'plain reply', html: '<p>html reply</p>' }).reply).toBe('plain reply');
  });

  it('falls back to HTML when the text part is empty or whitespace', () => {
    expect(trimReply({ text: ' \r\n \n', html: '<p>html reply</p>' }).reply).toBe('html reply');
    expect(trimReply({ text: null, html: '<p>html reply</p>' }).reply).toBe('html reply');
  });
});

describe('Gmail HTML', () => {
  it('drops div.gmail_quote with its attribution and the signature', () => {
    const html = `<div dir="ltr">AI @fkr: update the flavor spec<br><br>Cheers<br></div><br clear="all"><div><br></div><span class="gmail_signature_prefix">-- </span><br><div dir="ltr" class="gmail_signature" data-smartmail="gmail_signature"><div dir="ltr">Felix Kronlage<br>SCS</div></div><br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">On Mon, Dec 4, 2023 at 3:05&#8239;PM Kurt Garloff &lt;<a href="mailto:garloff@example.org">garloff@example.org</a>&gt; wrote:<br></div><blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);padding-left:1ex"><div>Who updates the spec?</div></blockquote></div>`;
    const result = fromHtml(html);
    expect(result).toEqual({ reply: 'AI @fkr: update the flavor spec\n\nCheers', forwarded: null });
  });

  it('keeps a Gmail forward as the forwarded body', () => {
    const html = `<div dir="ltr">Please add this to the agenda.<br><br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">---------- Forwarded message ---------<br>From: <strong class="gmail_sendername" dir="auto">Kurt Garloff</strong> <span dir="auto">&lt;<a href="mailto:garloff@example.org">garloff@example.org</a>&gt;</span><br>Date: Mon, Dec 4, 2023 at 3:05 PM<br>Subject: Lab day<br>To: &lt;<a href="mailto:team@example.org">team@example.org</a>&gt;<br></div><br><br><div dir="ltr">Lab day is on Friday &amp; Saturday.</div></div></div>`;
    expect(fromHtml(html)).toEqual({
      reply: 'Please add this to the agenda.',
      forwarded: 'Lab day is on Friday & Saturday.',
    });
  });
});

describe('Outlook HTML', () => {
  it('drops everything from #divRplyFwdMsg (Outlook on the web)', () => {
    const html = `<html><head><style type="text/css">p { margin: 0; }</style></head><body dir="ltr"><div class="elementToProof" style="font-family: Aptos;">Decision: we keep v2 until v3 is stable</div><div id="appendonsend"></div><hr style="display:inline-block;width:98%" tabindex="-1"><div id="divRplyFwdMsg" dir="ltr"><font face="Calibri" style="font-size:11pt"><b>From:</b> Kurt Garloff &lt;garloff@example.org&gt;<br><b>Sent:</b> Monday, December 4, 2023 3:05 PM<br><b>To:</b> team@example.org<br><b>Subject:</b> v2</font><div>&nbsp;</div></div><div>Should v2 expire?</div></body></html>`;
    const result = fromHtml(html);
    expect(result.reply).toBe('Decision: we keep v2 until v3 is stable');
  });

  it('drops an Outlook desktop header block under a border line', () => {
    const html = `<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><style><!-- p.MsoNormal {margin:0cm;} --></style></head><body lang="DE"><div class="WordSection1"><p class="MsoNormal">A-12 erledigt.<o:p></o:p></p><p class="MsoNormal"><o:p>&nbsp;</o:p></p><div><div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm"><p class="MsoNormal"><b>Von:</b> Kurt Garloff &lt;garloff@example.org&gt; <br><b>Gesendet:</b> Montag, 4. Dezember 2023 15:05<br><b>An:</b> team@example.org<br><b>Betreff:</b> Aufgaben<o:p></o:p></p></div></div><p class="MsoNormal">Ist A-12 erledigt?<o:p></o:p></p></div></body></html>`;
    expect(fromHtml(html).reply).toBe('A-12 erledigt.');
  });

  it('drops an <hr> followed by a From/Sent block', () => {
    const html = `<p>Fine.</p><hr><p><b>From:</b> Kurt<br><b>Sent:</b> Monday<br><b>Subject:</b> x</p><p>old</p>`;
    expect(fromHtml(html).reply).toBe('Fine.');
  });

  it('drops the Outlook mobile signature', () => {
    const html = `<div>Yes</div><div id="ms-outlook-mobile-signature"><div>Get <a href="https://aka.ms/o0ukef">Outlook for iOS</a></div></div>`;
    expect(fromHtml(html).reply).toBe('Yes');
  });
});

describe('Apple Mail HTML', () => {
  it('drops blockquote type="cite" with the attribution inside it', () => {
    const html = `<html><head><meta http-equiv="content-type" content="text/html; charset=utf-8"></head><body dir="auto">Tuesday works.<br id="lineBreakAtBeginningOfSignature"><div dir="ltr">Sent from my iPhone</div><div dir="ltr"><br><blockquote type="cite">On 4. Dec 2023, at 15:05, Kurt Garloff &lt;garloff@example.org&gt; wrote:<br><br></blockquote></div><blockquote type="cite"><div dir="ltr">Can we move the meeting?</div></blockquote></body></html>`;
    expect(fromHtml(html)).toEqual({ reply: 'Tuesday works.', forwarded: null });
  });

  it('keeps an Apple Mail forward as the forwarded body', () => {
    const html = `<html><body>FYI<br><div><br><div>Begin forwarded message:</div><br class="Apple-interchange-newline"><blockquote type="cite"><div style="margin: 0px;"><span><b>From: </b></span><span>Kurt Garloff &lt;garloff@example.org&gt;<br></span></div><div style="margin: 0px;"><span><b>Subject: </b></span><span><b>Lab day</b><br></span></div><div style="margin: 0px;"><span><b>Date: </b></span><span>4. December 2023 at 15:05:00 CET<br></span></div><br><div><div>Lab day is on Friday.</div></div></blockquote></div></body></html>`;
    expect(fromHtml(html)).toEqual({ reply: 'FYI', forwarded: 'Lab day is on Friday.' });
  });
});

describe('Thunderbird HTML', () => {
  it('drops moz-cite-prefix, the cited blockquote and moz-signature', () => {
    const html = `<html><head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8"></head><body><p>+1, and AI @garloff: book the room</p><pre class="moz-signature" cols="72">-- \nKurt Garloff</pre><div class="moz-cite-prefix">On 12/4/23 15:05, Felix Kronlage wrote:<br></div><blockquote type="cite" cite="mid:abc@example.org"><p>Lab day on Friday?</p></blockquote></body></html>`;
    expect(fromHtml(html).reply).toBe('+1, and AI @garloff: book the room');
  });

  it('reads a Thunderbird forward with its header table', () => {
    const html = `<html><body><p>For the minutes.</p><div class="moz-forward-container"><br><br>-------- Forwarded Message --------<table class="moz-email-headers-table" cellspacing="0" cellpadding="0" border="0"><tbody><tr><th valign="BASELINE" nowrap="nowrap" align="RIGHT">Subject: </th><td>Lab day</td></tr><tr><th valign="BASELINE" nowrap="nowrap" align="RIGHT">Date: </th><td>Mon, 4 Dec 2023 15:05:00 +0100</td></tr><tr><th valign="BASELINE" nowrap="nowrap" align="RIGHT">From: </th><td>Kurt Garloff <a class="moz-txt-link-rfc2396E" href="mailto:garloff@example.org">&lt;garloff@example.org&gt;</a></td></tr></tbody></table><br><br><p>Lab day is on Friday.</p></div></body></html>`;
    expect(fromHtml(html)).toEqual({ reply: 'For the minutes.', forwarded: 'Lab day is on Friday.' });
  });
});

describe('other HTML clients', () => {
  it('drops a bare blockquote and the unmarked attribution above it', () => {
    const html =
      '<p>Works for me.</p><p>On Monday, Kurt Garloff wrote:</p><blockquote><p>Lab day Friday?</p></blockquote>';
    expect(fromHtml(html).reply).toBe('Works for me.');
  });

  it('keeps author text written below a quote', () => {
    const html = '<blockquote type="cite">Lab day Friday?</blockquote><div>Yes, AI @fkr: book the room</div>';
    expect(fromHtml(html).reply).toBe('Yes, AI @fkr: book the room');
  });
});

describe('Yahoo HTML', () => {
  it('drops div.yahoo_quoted', () => {
    const html = `<html><body><div class="ydp1 yahoo-style-wrap"><div dir="ltr">Count me in.</div></div><div id="yahoo_quoted_123" class="yahoo_quoted"><div style="font-family:Helvetica;"><div>On Monday, December 4, 2023, 03:05:00 PM GMT+1, Kurt Garloff &lt;garloff@example.org&gt; wrote:</div><div><br></div><div>Who joins?</div></div></div></body></html>`;
    expect(fromHtml(html).reply).toBe('Count me in.');
  });
});

describe('HTML content', () => {
  it('keeps list items as "- " lines so checkbox action items survive', () => {
    const html = `<div>Action items:</div><ul><li>[ ] @fkr to write the goals</li><li>[x] @garloff sent the slides</li></ul><blockquote>old</blockquote>`;
    const { reply } = fromHtml(html);
    expect(reply).toBe('Action items:\n- [ ] @fkr to write the goals\n- [x] @garloff sent the slides');
  });

  it('never returns markup or entities, drops scripts, styles and image alt texts', () => {
    const html = `<html><head><title>t</title><style>.x{color:red}</style><script>alert(1)</script></head><body><p>Tom &amp; Jerry &lt;3 &quot;quotes&quot;</p><img src="cid:logo" alt="Company Logo"><script>var a = '<b>';</script><p>Link: <a href="https://example.org/x">the pad</a></p></body></html>`;
    const { reply } = fromHtml(html);
    expect(reply).toBe('Tom & Jerry <3 "quotes"\n\nLink: the pad');
    expect(reply).not.toContain('Logo');
    expect(reply).not.toContain('alert');
  });

  it('returns only text for arbitrary HTML input', () => {
    const { reply } = fromHtml(
      '<div><b>bold</b> <i>it</i><span style="x">&nbsp;</span></div><table><tr><td>a</td><td>b</td></tr></table>',
    );
    noMarkup(reply);
    expect(reply).toBe('bold it\na b');
  });
});
