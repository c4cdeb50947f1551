import { describe, expect, it } from 'vitest';
import { trimReply } from './reply-trim.models.js';

const mail = (...lines: string[]) => lines.join('\n');
const reply = (text: string, subject?: string) => trimReply({ text, html: null, subject }).reply;
const trim = (text: string, subject?: string) => trimReply({ text, html: null, subject });

describe('plain messages', () => {
  it('leaves a message without quotes unchanged except whitespace', () => {
    const text = mail('Hi all,   ', '', 'AI @fkr: write the R6 goals down', '', '', '', '', 'Thanks  ', '');
    expect(reply(text)).toBe(mail('Hi all,', '', 'AI @fkr: write the R6 goals down', '', 'Thanks'));
  });

  it('keeps two blank lines but collapses runs of three or more', () => {
    expect(reply('a\n\n\nb\n\n\n\n\nc')).toBe('a\n\n\nb\n\nc');
  });

  it('treats CRLF input like LF and answers with LF', () => {
    const text =
      'Agreed.\r\nDecision: v2 stays valid\r\n\r\nOn 12/4/23 15:05, Kurt Garloff wrote:\r\n> old\r\n';
    expect(reply(text)).toBe('Agreed.\nDecision: v2 stays valid');
  });

  it('keeps Markdown minutes with headings, bullets and rules untouched', () => {
    const minutes = mail(
      '# 2023-12-04',
      '',
      '## Participants',
      '* @fkr',
      '* @garloff',
      '',
      '---',
      '',
      '### IaaS standards v3 (@garloff ~5 min)',
      '* v2 should expire 2023-11-30',
      '    - v3 requires local SSDs',
      '* Decision: Give them a few more weeks',
      '* AI @fkr, @garloff: write this down',
      '',
      '***',
      '___',
    );
    expect(reply(minutes)).toBe(minutes);
  });

  it('returns an empty reply when there is no body at all', () => {
    expect(trimReply({ text: null, html: null })).toEqual({ reply: '', forwarded: null });
  });

  it('replaces non-breaking spaces and trailing blanks', () => {
    expect(reply('Hello\u00a0world \t\nbye')).toBe('Hello world\nbye');
  });
});

describe('> quoting', () => {
  it('drops a quote below a top-posted reply, with its attribution', () => {
    const text = mail(
      'Works for me.',
      '',
      'On Mon, Dec 4, 2023 at 3:05 PM Kurt Garloff <garloff@example.org> wrote:',
      '',
      '> Can we move the meeting?',
      '>',
      '> Kurt',
    );
    expect(trim(text)).toEqual({ reply: 'Works for me.', forwarded: null });
  });

  it('keeps the reply of a bottom-poster below the quote', () => {
    const text = mail(
      'On 12/4/23 15:05, Kurt Garloff wrote:',
      '> Can we move the meeting?',
      '',
      'Yes, Tuesday works.',
    );
    expect(reply(text)).toBe('Yes, Tuesday works.');
  });

  it('keeps inline replies between quoted blocks and drops the blocks', () => {
    const text = mail(
      'Am 04.12.2023 um 15:05 schrieb Kurt Garloff:',
      '> 1. Should v2 expire on 2023-11-30?',
      '',
      'No, give them a few weeks.',
      '',
      '> 2. Who writes the goals?',
      '> > nested earlier quote',
      '>> and another',
      'AI @fkr: write the R6 goals down',
      '',
      '> 3. Anything else?',
      '',
      'Regards',
      'Felix',
    );
    expect(reply(text)).toBe(
      mail('No, give them a few weeks.', '', 'AI @fkr: write the R6 goals down', '', 'Regards', 'Felix'),
    );
  });

  it('returns an empty reply for a message that is all quote', () => {
    expect(reply(mail('On 12/4/23 15:05, Kurt Garloff wrote:', '> only quoted', '> text'))).toBe('');
  });

  it('does not treat "|" as a quote marker', () => {
    const text = mail('| host | flavor |', '|------|--------|', '| a    | SCS-2V |');
    expect(reply(text)).toBe(text);
  });

  it('drops a quoted block without any attribution line', () => {
    expect(reply(mail('> what about ARM?', '', 'ARM is in the lab now.'))).toBe('ARM is in the lab now.');
  });

  it('drops an unknown-format "wrote:" line followed by quoted lines', () => {
    const text = mail('Sounds good.', '', 'Kurt Garloff (SCS) wrote:', '> Proposal attached.');
    expect(reply(text)).toBe('Sounds good.');
  });

  it('keeps a line ending in "wrote:" when no quote follows it', () => {
    const text = mail('As the README wrote:', 'use the stable branch.');
    expect(reply(text)).toBe(text);
  });
});

describe('Gmail', () => {
  it('drops an attribution that Gmail wrapped inside the address', () => {
    const text = mail(
      'A-12 done',
      '',
      'On Mon, Dec 4, 2023 at 3:05 PM Kurt Garloff <',
      'garloff@example.org> wrote:',
      '',
      '> Did anyone update the flavor spec?',
    );
    expect(reply(text)).toBe('A-12 done');
  });

  it('drops an attribution wrapped over three lines', () => {
    const text = mail(
      'Fine with me.',
      '',
      'On Mon, Dec 4, 2023 at 3:05 PM Kurt Garloff via scs-tech',
      '<scs-tech@lists.example.org>',
      'wrote:',
      '',
      '> proposal',
    );
    expect(reply(text)).toBe('Fine with me.');
  });

  it('drops the German Gmail attribution that names the author first', () => {
    const text = mail(
      'Passt.',
      '',
      'Kurt Garloff <garloff@example.org> schrieb am Mo., 4. Dez. 2023, 15:05:',
      '',
      '> Termin verschieben?',
    );
    expect(reply(text)).toBe('Passt.');
  });

  it('drops a Russian-locale attribution that has no verb, only the address', () => {
    const text = mail(
      'Da.',
      '',
      'пн, 4 дек. 2023 г. в 15:05, Kurt Garloff <garloff@example.org>:',
      '',
      '> ok?',
    );
    expect(reply(text)).toBe('Da.');
  });

  it('splits a forward into the author text and the forwarded body', () => {
    const text = mail(
      'FYI, for the agenda: [agenda] this one (10 min)',
      '',
      '---------- Forwarded message ---------',
      'From: Kurt Garloff <garloff@example.org>',
      'Date: Mon, Dec 4, 2023 at 3:05 PM',
      'Subject: IaaS standards v3',
      'To: <scs-tech@lists.example.org>',
      '',
      '',
      'v3 needs local SSDs.',
      '',
      'AI @fkr: ping PS',
      '',
    );
    expect(trim(text)).toEqual({
      reply: 'FYI, for the agenda: [agenda] this one (10 min)',
      forwarded: 'v3 needs local SSDs.\n\nAI @fkr: ping PS',
    });
  });

  it('finds the forward below the author signature', () => {
    const text = mail(
      'see below',
      '-- ',
      'Felix',
      '',
      '---------- Weitergeleitete Nachricht ---------',
      'Von: Kurt Garloff <garloff@example.org>',
      'Date: Mo., 4. Dez. 2023 um 15:05 Uhr',
      'Subject: Termin',
      'To: <felix@example.org>',
      '',
      'Body text',
    );
    expect(trim(text)).toEqual({ reply: 'see below', forwarded: 'Body text' });
  });
});

describe('Thunderbird', () => {
  it('drops the Thunderbird attribution and quote', () => {
    const text = mail('+1', '', 'On 12/4/23 15:05, Kurt Garloff wrote:', '> Let us drop CentOS 8.', '>');
    expect(reply(text)).toBe('+1');
  });

  it('extracts an inline forward with its tabbed header table', () => {
    const text = mail(
      'Please have a look.',
      '',
      '-------- Weitergeleitete Nachricht --------',
      'Betreff: \tR6 goals',
      'Datum: \tMon, 4 Dec 2023 15:05:00 +0100',
      'Von: \tKurt Garloff <garloff@example.org>',
      'An: \tscs-tech@lists.example.org',
      '',
      '',
      '',
      'Goals for R6 are below.',
    );
    expect(trim(text)).toEqual({ reply: 'Please have a look.', forwarded: 'Goals for R6 are below.' });
  });

  it('recognises the English Thunderbird forward marker', () => {
    const text = mail(
      '',
      '-------- Forwarded Message --------',
      'Subject: x',
      'Date: y',
      'From: z',
      '',
      'body',
    );
    expect(trim(text)).toEqual({ reply: '', forwarded: 'body' });
  });
});

describe('Apple Mail', () => {
  it('drops the attribution Apple Mail puts inside the quote', () => {
    const text = mail(
      'Yes.',
      '',
      'Sent from my iPhone',
      '',
      '> On 4. Dec 2023, at 15:05, Kurt Garloff <garloff@example.org> wrote:',
      '> ',
      '> Meeting tomorrow?',
    );
    expect(reply(text)).toBe('Yes.');
  });

  it('drops an unquoted Apple Mail attribution', () => {
    const text = mail(
      'Ok',
      '',
      'On 4. Dec 2023, at 15:05, Kurt Garloff <garloff@example.org> wrote:',
      '',
      '> x',
    );
    expect(reply(text)).toBe('Ok');
  });

  it('unquotes a forwarded message under "Begin forwarded message:"', () => {
    const text = mail(
      'Forwarding for the minutes.',
      '',
      'Begin forwarded message:',
      '',
      '> From: Kurt Garloff <garloff@example.org>',
      '> Subject: Re: flavors',
      '> Date: 4. December 2023 at 15:05:00 CET',
      '> To: scs-tech@lists.example.org',
      '> ',
      '> Decision: SCS-2V:4:20s becomes mandatory',
      '> ',
      '> Kurt',
    );
    expect(trim(text)).toEqual({
      reply: 'Forwarding for the minutes.',
      forwarded: 'Decision: SCS-2V:4:20s becomes mandatory\n\nKurt',
    });
  });

  it('recognises the German Apple Mail forward marker', () => {
    const text = mail(
      'Zur Info',
      '',
      'Anfang der weitergeleiteten Nachricht:',
      '',
      '> Von: K',
      '> Betreff: x',
      '> ',
      '> Text',
    );
    expect(trim(text)).toEqual({ reply: 'Zur Info', forwarded: 'Text' });
  });
});

describe('attribution lines in other languages', () => {
  const cases: Array<[string, string]> = [
    ['German', 'Am 04.12.2023 um 15:05 schrieb Kurt Garloff <garloff@example.org>:'],
    ['German webmail', 'Kurt Garloff <garloff@example.org> hat am 04.12.2023 15:05 geschrieben:'],
    ['French', 'Le lun. 4 déc. 2023 à 15:05, Kurt Garloff <garloff@example.org> a écrit :'],
    ['Spanish', 'El lun, 4 dic 2023 a las 15:05, Kurt Garloff (<garloff@example.org>) escribió:'],
    ['Italian', 'Il giorno lun 4 dic 2023 alle ore 15:05 Kurt Garloff <garloff@example.org> ha scritto:'],
    ['Dutch', 'Op ma 4 dec. 2023 om 15:05 schreef Kurt Garloff <garloff@example.org>:'],
    ['Swedish', 'Den mån 4 dec. 2023 kl 15:05 skrev Kurt Garloff <garloff@example.org>:'],
    ['Norwegian', 'man. 4. des. 2023 kl. 15:05 skrev Kurt Garloff <garloff@example.org>:'],
    ['Danish, short', 'Kurt Garloff skrev:'],
    ['Portuguese', 'Em seg., 4 de dez. de 2023 às 15:05, Kurt Garloff <garloff@example.org> escreveu:'],
    ['Polish', 'Kurt Garloff <garloff@example.org> napisał(a):'],
    ['Polish, dated', 'Dnia 4 gru 2023 o godz. 15:05 Kurt Garloff <garloff@example.org> napisał(a):'],
  ];
  for (const [language, attribution] of cases) {
    it(`drops the ${language} attribution above a quote`, () => {
      expect(reply(mail('Neue Antwort.', '', attribution, '> alt', '> text'))).toBe('Neue Antwort.');
    });
  }

  it('cuts at a dated attribution even when the quote below has no ">" (Yahoo)', () => {
    const text = mail(
      'Count me in.',
      '',
      'On Monday, December 4, 2023, 03:05:00 PM GMT+1, Kurt Garloff <garloff@example.org> wrote:',
      '',
      '',
      'Who joins the lab day?',
    );
    expect(reply(text)).toBe('Count me in.');
  });
});

describe('Outlook', () => {
  it('drops an English header block and everything below', () => {
    const text = mail(
      'AI @garloff: send the slides',
      '',
      '________________________________',
      'From: Kurt Garloff <garloff@example.org>',
      'Sent: Monday, December 4, 2023 3:05 PM',
      'To: scs-tech@lists.example.org',
      'Subject: slides',
      '',
      'Who has the slides?',
      '-- ',
      'Kurt',
    );
    expect(trim(text)).toEqual({ reply: 'AI @garloff: send the slides', forwarded: null });
  });

  it("drops an Outlook 'Von:/Gesendet:' block and everything below", () => {
    const text = mail(
      'Erledigt, A-7 done.',
      '',
      'Von: Kurt Garloff <garloff@example.org>',
      'Gesendet: Montag, 4. Dezember 2023 15:05',
      'An: scs-tech@lists.example.org',
      'Cc: Felix <fkr@example.org>',
      'Betreff: AW: Aufgaben',
      '',
      'Ist A-7 erledigt?',
    );
    expect(reply(text)).toBe('Erledigt, A-7 done.');
  });

  it('drops French, Spanish and Dutch header blocks', () => {
    const blocks = [
      ['De : Kurt Garloff', 'Envoyé : lundi 4 décembre 2023 15:05', 'À : scs-tech', 'Objet : RE: x'],
      ['De: Kurt Garloff', 'Enviado el: lunes, 4 de diciembre de 2023 15:05', 'Para: scs-tech', 'Asunto: x'],
      ['Van: Kurt Garloff', 'Verzonden: maandag 4 december 2023 15:05', 'Aan: scs-tech', 'Onderwerp: x'],
    ];
    for (const block of blocks) {
      expect(reply(mail('Mine.', '', ...block, '', 'theirs'))).toBe('Mine.');
    }
  });

  it('drops "-----Original Message-----" and the message below', () => {
    const text = mail(
      'Ok.',
      '',
      '-----Original Message-----',
      'From: Kurt Garloff [mailto:garloff@example.org]',
      'Sent: Monday, December 4, 2023 3:05 PM',
      'Subject: x',
      '',
      'old',
    );
    expect(reply(text)).toBe('Ok.');
  });

  it('drops translated "Original Message" separators even without headers', () => {
    expect(reply(mail('Ja.', '-----Ursprüngliche Nachricht-----', 'alt'))).toBe('Ja.');
    expect(reply(mail('Oui.', "-----Message d'origine-----", 'vieux'))).toBe('Oui.');
    expect(reply(mail('Yes.', '----- Original Message -----', 'old'))).toBe('Yes.');
  });

  it('recognises header names that Gmail rendered in bold', () => {
    const text = mail(
      'Ack.',
      '',
      '*From:* Kurt Garloff <garloff@example.org>',
      '*Sent:* Monday',
      '*To:* x',
      '',
      'old',
    );
    expect(reply(text)).toBe('Ack.');
  });

  it('keeps a lone prose line starting with "From:"', () => {
    const text = mail(
      "From: the team's perspective, v3 is not ready.",
      'We should wait another two weeks.',
      '',
      'Decision: postpone v3',
    );
    expect(reply(text)).toBe(text);
  });

  it('keeps a "Date:/From:" pair in minutes text', () => {
    const text = mail('# Minutes', 'Date: 2023-12-04', 'From: Team IaaS', '', '* AI @fkr: write it down');
    expect(reply(text)).toBe(text);
  });

  it('treats a header block as a forward when the subject says WG:', () => {
    const text = mail(
      'Zur Kenntnis.',
      '',
      '________________________________',
      'Von: Kurt Garloff <garloff@example.org>',
      'Gesendet: Montag, 4. Dezember 2023 15:05',
      'An: team@example.org',
      'Betreff: Lab day',
      '',
      'Lab day is on Friday.',
    );
    expect(trim(text, 'WG: Lab day')).toEqual({ reply: 'Zur Kenntnis.', forwarded: 'Lab day is on Friday.' });
    expect(trim(text, 'AW: Lab day')).toEqual({ reply: 'Zur Kenntnis.', forwarded: null });
  });

  it('treats a header block with no author text above it as a forward', () => {
    const text = mail('From: Kurt Garloff', 'Sent: Monday', 'To: x', 'Subject: y', '', 'forwarded text');
    expect(trim(text)).toEqual({ reply: '', forwarded: 'forwarded text' });
  });
});

describe('Yahoo', () => {
  it('recognises the Yahoo forward marker', () => {
    const text = mail(
      'fyi',
      '',
      '----- Forwarded Message -----',
      'From: K',
      'To: F',
      'Subject: s',
      '',
      'yahoo body',
    );
    expect(trim(text)).toEqual({ reply: 'fyi', forwarded: 'yahoo body' });
  });
});

describe('signatures', () => {
  it('cuts at the "-- " delimiter', () => {
    expect(reply(mail('A-3 done', '', '-- ', 'Kurt Garloff', 'SCS'))).toBe('A-3 done');
  });

  it('cuts at "--" whose trailing space the client stripped', () => {
    expect(reply(mail('A-3 done', '--', 'Kurt'))).toBe('A-3 done');
  });

  it('does not cut at a Markdown rule or at "--" inside a line', () => {
    const text = mail('Point one -- and two', '', '---', '', 'After the rule', '- a', '-', '*');
    expect(reply(text)).toBe(text);
  });

  it('cuts at mobile signatures in several languages', () => {
    const lines = [
      'Sent from my iPhone',
      'Sent from my Galaxy',
      'Sent from my Android phone, please excuse typos.',
      'Get Outlook for iOS<https://aka.ms/o0ukef>',
      'Get Outlook for Android',
      'Von meinem iPhone gesendet',
      'Gesendet von meinem iPad',
      'Envoyé de mon iPhone',
      'Enviado desde mi iPhone',
      'Inviato da iPhone',
      'Verzonden vanaf mijn iPhone',
      'Skickat från min iPhone',
      'Wysłane z mojego iPhone’a',
      '(Sent from mobile device)',
    ];
    for (const line of lines) {
      expect(reply(mail('Agreed.', '', line, '', '> old'))).toBe('Agreed.');
    }
  });

  it('cuts at client lines at the end of the text', () => {
    const lines = [
      'Sent from Mail for Windows',
      'Gesendet von Mail für Windows',
      'Sent from Outlook',
      'Sent with Airmail',
    ];
    for (const line of lines) {
      expect(reply(mail('Agreed.', '', line))).toBe('Agreed.');
    }
  });

  it('does not cut a run of client-like sentences that own text follows', () => {
    const text = mail('Sent with the agenda.', 'Sent via the web form.', 'Please review by Friday.');
    expect(reply(text)).toBe(text);
  });

  it('does not cut prose that merely mentions these words', () => {
    const text = mail(
      'I sent from my iPhone yesterday, did it arrive?',
      'Sent with the agenda for Monday.',
      'More text.',
    );
    expect(reply(text)).toBe(text);
  });
});

describe('mailing list footers', () => {
  it('drops a Mailman 2 footer', () => {
    const text = mail(
      'Decision: we use both Matrix and the list',
      '',
      '_______________________________________________',
      'scs-tech mailing list',
      'scs-tech@lists.example.org',
      'https://lists.example.org/mailman/listinfo/scs-tech',
    );
    expect(reply(text)).toBe('Decision: we use both Matrix and the list');
  });

  it('drops a Mailman 3 footer after a quote', () => {
    const text = mail(
      'Me too.',
      '',
      'On 12/4/23 15:05, Kurt Garloff wrote:',
      '> Who joins?',
      '_______________________________________________',
      'scs-tech mailing list -- scs-tech@lists.example.org',
      'To unsubscribe send an email to scs-tech-leave@lists.example.org',
    );
    expect(reply(text)).toBe('Me too.');
  });

  it('drops a Google Groups footer', () => {
    const text = mail(
      'See you Monday.',
      '',
      '-- ',
      'You received this message because you are subscribed to the Google Groups "SCS Tech" group.',
      'To unsubscribe from this group and stop receiving emails from it, send an email to scs+unsubscribe@googlegroups.com.',
    );
    expect(reply(text)).toBe('See you Monday.');
  });

  it('drops the list footer from a forwarded body too', () => {
    const text = mail(
      'fyi',
      '---------- Forwarded message ---------',
      'From: K',
      '',
      'forwarded',
      '_______________________________________________',
      'scs-tech mailing list',
      'https://lists.example.org/mailman/listinfo/scs-tech',
    );
    expect(trim(text)).toEqual({ reply: 'fyi', forwarded: 'forwarded' });
  });

  it('keeps an underscore rule inside the author text', () => {
    const text = mail('Part one.', '', '________________________________', '', 'Part two.');
    expect(reply(text)).toBe(text);
  });
});

describe('tricky cases', () => {
  it('keeps a dated sentence ending in "wrote:" when no quote follows and it names no date', () => {
    const text = mail('On Monday at 10:00 we discussed what Kurt wrote:', '- v3 needs SSDs', '- v2 stays');
    expect(reply(text)).toBe(text);
  });

  it('ignores forward markers inside quoted text', () => {
    const text = mail(
      'Thanks!',
      '',
      'On 12/4/23 15:05, Kurt Garloff wrote:',
      '> ---------- Forwarded message ---------',
      '> From: x',
      '> ',
      '> body',
    );
    expect(trim(text)).toEqual({ reply: 'Thanks!', forwarded: null });
  });

  it('treats a forward below an Outlook reply block as part of the quote', () => {
    const text = mail(
      'Noted.',
      '',
      'From: Kurt Garloff',
      'Sent: Monday',
      'Subject: FW: lab',
      '',
      '---------- Forwarded message ---------',
      'From: Someone',
      '',
      'old forwarded body',
    );
    expect(trim(text)).toEqual({ reply: 'Noted.', forwarded: null });
  });

  it('keeps the author text between a quote and a signature', () => {
    const text = mail('> Lab day Friday?', '', 'Yes.', '', 'Kurt', '-- ', 'Kurt Garloff, SCS');
    expect(reply(text)).toBe('Yes.\n\nKurt');
  });

  it('keeps an action item checklist written in Markdown', () => {
    const text = mail('- [ ] @fkr to write the goals', '- [x] @garloff sent slides', '', '> old');
    expect(reply(text)).toBe('- [ ] @fkr to write the goals\n- [x] @garloff sent slides');
  });

  it('handles a Windows mail with a mobile signature and a German Outlook block', () => {
    const text = [
      'A-4 erledigt',
      '',
      'Gesendet von Mail für Windows',
      '',
      'Von: Kurt Garloff',
      'Gesendet: Montag, 4. Dezember 2023 15:05',
      'An: team@example.org',
      'Betreff: A-4',
      '',
      'alt',
    ].join('\r\n');
    expect(reply(text)).toBe('A-4 erledigt');
  });

  it('trims a large message quickly', () => {
    const quoted = Array.from({ length: 5000 }, (_, i) => `> line ${i} wrote: something ${'x'.repeat(60)}:`);
    const prose = Array.from({ length: 5000 }, (_, i) => `Sent with the agenda item ${i} attached`);
    const started = performance.now();
    const result = reply(mail('New text', '', ...prose, 'On 12/4/23 15:05, Kurt Garloff wrote:', ...quoted));
    expect(performance.now() - started).toBeLessThan(2000);
    expect(result.startsWith('New text')).toBe(true);
  });
});

describe('more clients and locales', () => {
  it('drops a "-Name" signature as the last line but keeps Markdown bullets', () => {
    expect(
      reply(mail('Oh thanks.', '', '-Abhishek Kona', '', 'On 01/03/11 7:07 PM, Support wrote:', '> Hi')),
    ).toBe('Oh thanks.');
    expect(reply(mail('Open items:', '- Done', '-Later'))).toBe('Open items:\n- Done');
    expect(reply(mail('Open items:', '- Done', '- Later'))).toBe('Open items:\n- Done\n- Later');
  });

  it('drops a GitHub notification footer', () => {
    const text = mail(
      'LGTM',
      '',
      '—',
      'Reply to this email directly, view it on GitHub, or unsubscribe.',
      'You are receiving this because you authored the thread.',
    );
    expect(reply(text)).toBe('LGTM');
  });

  it('drops only the last line of a dateless wrapped sentence running from "On …" to "wrote:"', () => {
    const text = mail('On Monday I reviewed the PR and', 'then I wrote:', '> the review');
    expect(reply(text)).toBe('On Monday I reviewed the PR and');
  });

  it('keeps "Sent from my …" when it is a sentence, not a device', () => {
    const text = mail('Here is another email', '', 'Sent from my desk, is much easier then my mobile phone.');
    expect(reply(text)).toBe(text);
  });

  it('cuts "Sent from my …" followed by the usual apology', () => {
    expect(reply(mail('Ok', '', 'Sent from my HTC phone.  Please excuse typos'))).toBe('Ok');
  });

  it('drops the Dutch Apple Mail attribution', () => {
    const text = mail(
      'Prima.',
      '',
      'Op 4 dec. 2023, om 15:05 heeft Kurt Garloff <garloff@example.org> het volgende geschreven:',
      '',
      '> x',
    );
    expect(reply(text)).toBe('Prima.');
  });

  it('drops the Polish Apple Mail attribution', () => {
    const text = mail(
      'Tak.',
      '',
      'Wiadomość napisana przez Kurt Garloff <garloff@example.org> w dniu 4 gru 2023, o godz. 15:05:',
      '',
      '> x',
    );
    expect(reply(text)).toBe('Tak.');
  });

  it('drops Chinese and Japanese Gmail attributions', () => {
    expect(
      reply(mail('好', '', 'Kurt Garloff <garloff@example.org> 于2023年12月4日周一 15:05写道：', '', '> x')),
    ).toBe('好');
    expect(
      reply(mail('はい', '', '2023年12月4日(月) 15:05 Kurt Garloff <garloff@example.org>:', '', '> x')),
    ).toBe('はい');
  });

  it("drops Gmail's old short attribution without a colon", () => {
    expect(reply(mail('Sure.', '', '2013/11/1 Kurt Garloff <garloff@example.org>', '', '> x'))).toBe('Sure.');
  });

  it('drops an Outlook block whose fields are separated by blank lines', () => {
    const text = mail(
      'Done.',
      '',
      'From: Kurt Garloff',
      '',
      'Sent: Monday',
      '',
      'To: team',
      '',
      'old message',
    );
    expect(reply(text)).toBe('Done.');
  });
});
