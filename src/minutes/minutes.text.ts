/** Small text helpers shared by the minutes parsers: handles, names, lists. */

// Not after a word character, so "scs-tech@lists…" and mail addresses are no handles;
// GitHub handles may not end in "." or "-", which keeps "@fkr." and "@fkr:" clean.
const HANDLE = /(?<![\w@/.])@([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9_])?)/g;

// "@lists.scs.community" names a mail domain, not a person.
const DOMAIN_LIKE = /\.(com|org|net|de|eu|io|community|info|dev|tech)$/i;

export function handlesIn(text: string): string[] {
  return [...text.matchAll(HANDLE)].map((m) => m[1] ?? '').filter((h) => h !== '' && !DOMAIN_LIKE.test(h));
}

/**
 * Handles written as the main content ("@bzapiec - master-caster") win over handles in
 * parentheses; a name with its handle in parentheses ("Kurt Garloff (@garloff)") gives the handle.
 */
export function leadingHandles(text: string): string[] {
  const outside = handlesIn(withoutParentheses(text));
  return outside.length > 0 ? outside : handlesIn(text);
}

export function withoutParentheses(text: string): string {
  let previous = '';
  let current = text;
  while (current !== previous) {
    previous = current;
    current = current.replace(/\([^()]*\)/g, ' ');
  }
  return current.replace(/\s+/g, ' ').trim();
}

/** Splits on commas and semicolons that are not inside parentheses. */
export function splitList(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of text) {
    if (char === '(') depth++;
    if (char === ')') depth = Math.max(0, depth - 1);
    if ((char === ',' || char === ';') && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

const PLACEHOLDER =
  /^(none|nobody|no one|noone|n\/?a|tbd|tba|todo|nothing|niemand|keine?r?|offen|open|-+|\?+|\.+|etc\.?)$/i;
const NEGATION = /^(no|not|none|nobody|kein\w*|nicht|niemand)\b/i;

/**
 * A person's name as written instead of a handle ("Ramona Rautenberg", "christian b."),
 * or null for anything that reads like prose, a link or a placeholder.
 */
export function personName(raw: string, maxWords = 4): string | null {
  const text = withoutParentheses(raw)
    .replace(/^(?:->|=>|→|>|<)+\s*/, '')
    .replace(/\s+[-–—]\s.*$/, '')
    .replace(/[*_`]/g, '')
    .replace(/[.,;:!]+$/, '')
    .trim();
  if (text === '' || PLACEHOLDER.test(text) || NEGATION.test(text)) return null;
  if (!/^\p{L}[\p{L}\p{M}'’. -]*$/u.test(text)) return null;
  const words = text.split(/\s+/);
  if (words.length > maxWords) return null;
  return text;
}

/** Values without later case-insensitive repeats, first spelling kept, in order. */
export function uniqueValues(values: readonly string[]): string[] {
  const seen = new Set<string>();
  return values.filter((value) => {
    const key = value.toLowerCase();
    if (value === '' || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Appends in a loop: spreading a huge list into push() overflows the argument stack. */
export function append(target: string[], values: readonly string[]): void {
  for (const value of values) target.push(value);
}
