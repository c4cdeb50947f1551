import type { SubjectTag } from './mail.types.js';

export interface ParsedSubject {
  tags: SubjectTag[];
  title: string;
}

/**
 * Reply and forward prefixes as mail clients around the world write them (Outlook localises
 * them: AW/WG in German, SV/VS in Nordic, TR in French, RV in Spanish, Rif in Italian, Odp in
 * Polish, …), optionally with a counter ("Re[2]:", "Re(3):", "Re^2:"). A full-width colon
 * comes from CJK clients.
 */
const REPLY_PREFIX =
  /^(?:re|aw|antw|antwort|sv|vs|vl|fwd?|wg|tr|rv|rif|odp|odg|ynt|res|enc|vb|doorst|r\u00e9f|\u0391\u03a0|\u03a3\u03a7\u0395\u03a4|\u041e\u0442\u0432\u0435\u0442|\u56de\u590d|\u56de\u8986|\u7b54\u590d|\u8f6c\u53d1|\u8f49\u5bc4)(?:\s*\[\d+\]|\s*\(\d+\)|\^\d+)?\s*[:\uff1a]\s*/i;

const BRACKET = /^\[([^\]]*)\]\s*/;

const TAGS: ReadonlyMap<string, SubjectTag> = new Map([
  ['agenda', 'agenda'],
  ['agenda item', 'agenda'],
  ['action', 'action'],
  ['ai', 'action'],
  ['action item', 'action'],
  ['decision', 'decision'],
  ['minutes', 'minutes'],
]);

function tagOf(bracketContent: string): SubjectTag | undefined {
  return TAGS.get(bracketContent.trim().replace(/\s+/g, ' ').toLowerCase());
}

type Token = { kind: 'reply' } | { kind: 'list' } | { kind: 'tag'; tag: SubjectTag };

/**
 * Strips reply/forward and list prefixes, collects the listscribe tags from the leading run of
 * prefixes, and returns the remaining title. A bracket after the last tag belongs to the title
 * ("[agenda] [WIP] Foo" keeps "[WIP] Foo"); without any tag, leading list brackets are dropped.
 */
export function parseSubject(subject: string): ParsedSubject {
  let rest = subject.replace(/\s+/g, ' ').trim();
  const tokens: Array<{ token: Token; restAfter: string }> = [];

  for (;;) {
    const reply = REPLY_PREFIX.exec(rest);
    if (reply) {
      rest = rest.slice(reply[0].length);
      tokens.push({ token: { kind: 'reply' }, restAfter: rest });
      continue;
    }
    const bracket = BRACKET.exec(rest);
    if (bracket) {
      const tag = tagOf(bracket[1]!);
      rest = rest.slice(bracket[0].length);
      tokens.push({ token: tag ? { kind: 'tag', tag } : { kind: 'list' }, restAfter: rest });
      continue;
    }
    break;
  }

  const tags: SubjectTag[] = [];
  let lastTagIndex = -1;
  tokens.forEach(({ token }, index) => {
    if (token.kind !== 'tag') return;
    if (!tags.includes(token.tag)) tags.push(token.tag);
    lastTagIndex = index;
  });

  let title: string;
  if (lastTagIndex < 0) {
    title = rest;
  } else {
    title = tokens[lastTagIndex]!.restAfter;
    // After the last tag only reply prefixes are noise; brackets there are part of the title.
    for (;;) {
      const reply = REPLY_PREFIX.exec(title);
      if (!reply) break;
      title = title.slice(reply[0].length);
    }
  }
  title = title.replace(/^[\s:\-–—]+/, '').trim();
  return { tags, title };
}
