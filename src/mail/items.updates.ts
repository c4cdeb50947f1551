import type { ActionStatus, ActionUpdate } from './mail.types.js';

/**
 * Updates to known action items: "A-12 done", "A-12: done — merged in #42", "A-3, A-4 done",
 * "I think A-12 is done now", "done: A-12", German "A-12 erledigt".
 */

const REF = String.raw`(?<![\p{L}\p{N}_-])A-?(\d{1,5})(?![\p{L}\p{N}_]|-\d)`;
const REFS = String.raw`${REF}(?:\s*(?:,|&|\/|\band\b|\bund\b)\s*${REF.replace('(\\d{1,5})', '\\d{1,5}')})*`;
const LINK = String.raw`\s*(?::|=|->|→|=>)?\s*(?:(?:is|was|are|were|has\s+been|have\s+been|ist|sind|war|wurde|wurden|now|jetzt|nun|also|auch|just|finally|endlich|hereby|hiermit)\s+)*`;
const STATUS = String.raw`(\u2705|\u2714\ufe0f?|done|finished|completed|complete|closed|fixed|resolved|erledigt|fertig|abgeschlossen|dropped|cancell?ed|obsolete|verworfen|abgebrochen|gestrichen|won'?t\s*fix|re-?opened|re-?open|wieder\s+offen|wieder\s+ge(?:ö|oe)ffnet)`;

const REF_THEN_STATUS = new RegExp(String.raw`(${REFS})${LINK}${STATUS}(?![\p{L}\p{N}])`, 'giu');
const STATUS_THEN_REF = new RegExp(String.raw`(?<![\p{L}\p{N}])${STATUS}\s*:\s*(${REFS})`, 'giu');
const SINGLE_REF = new RegExp(REF, 'giu');

function statusOf(word: string): ActionStatus {
  const w = word.toLowerCase();
  if (/open|offen|ge(?:ö|oe)ffnet/.test(w)) return 'open';
  if (/drop|cancel|obsolete|verworfen|abgebrochen|gestrichen|fix/.test(w) && !/fixed/.test(w))
    return 'dropped';
  return 'done';
}

function refsIn(text: string): string[] {
  return [...text.matchAll(SINGLE_REF)].map((m) => `A-${Number(m[1])}`);
}

/** The words after the status, when set off by a dash, colon, semicolon or parenthesis. */
function noteAfter(rest: string): string | null {
  const match = /^\s*(?:[—–]|-{1,2}|:|;|,|\()\s*(.*?)\)?\s*$/.exec(rest);
  if (!match) return null;
  const note = match[1]!.replace(/[.\s]+$/, '').trim();
  return /[\p{L}\p{N}]/u.test(note) ? note : null;
}

/** All updates in one line of new text, in order. */
export function findUpdates(line: string): ActionUpdate[] {
  const updates: ActionUpdate[] = [];
  for (const match of line.matchAll(REF_THEN_STATUS)) {
    const after = line.slice(match.index + match[0].length);
    // "Is A-12 done?" asks; it does not tell.
    if (/^\s*\?/.test(after)) continue;
    const status = statusOf(match[match.length - 1]!);
    const note = noteAfter(after);
    for (const ref of refsIn(match[1]!)) updates.push({ kind: 'action-update', ref, status, note });
  }
  if (updates.length > 0) return dedupeUpdates(updates);
  for (const match of line.matchAll(STATUS_THEN_REF)) {
    const status = statusOf(match[1]!);
    const note = noteAfter(line.slice(match.index + match[0].length));
    for (const ref of refsIn(match[2]!)) updates.push({ kind: 'action-update', ref, status, note });
  }
  return dedupeUpdates(updates);
}

function dedupeUpdates(updates: ActionUpdate[]): ActionUpdate[] {
  const seen = new Set<string>();
  return updates.filter((u) => {
    const key = `${u.ref}|${u.status}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
