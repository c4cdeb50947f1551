import type { MailAddress } from './mail.types.js';

/**
 * A small parser for address headers that mailparser leaves as plain strings
 * (X-Original-From, X-Original-Sender). Handles `Name <a@b>`, `"Last, First" <a@b>`,
 * `a@b (Name)` and bare `a@b`, comma-separated.
 */
export function parseAddressList(value: string): MailAddress[] {
  return splitOutsideQuotes(value)
    .map(parseOne)
    .filter((a): a is MailAddress => a !== null);
}

function parseOne(part: string): MailAddress | null {
  const text = part.trim();
  if (!text) return null;
  const angle = /^(.*)<([^<>]*)>\s*$/.exec(text);
  if (angle) {
    return { address: angle[2]!.trim().toLowerCase(), name: unquote(angle[1]!) };
  }
  const comment = /^(\S+@\S+)\s*\((.*)\)\s*$/.exec(text);
  if (comment) return { address: comment[1]!.toLowerCase(), name: comment[2]!.trim() };
  return /^\S+@\S+$/.test(text) ? { address: text.toLowerCase(), name: '' } : null;
}

function unquote(name: string): string {
  const trimmed = name.trim();
  const quoted = /^"(.*)"$/.exec(trimmed);
  return (quoted ? quoted[1]!.replace(/\\(.)/g, '$1') : trimmed).trim();
}

function splitOutsideQuotes(value: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  let angled = false;
  for (const ch of value) {
    if (ch === '"') quoted = !quoted;
    else if (ch === '<' && !quoted) angled = true;
    else if (ch === '>' && !quoted) angled = false;
    if (ch === ',' && !quoted && !angled) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts;
}
