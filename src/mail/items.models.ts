import { parseDue } from './due-date.models.js';
import { bareOwners, dedupe, HANDLE, leadingOwners, trailingOwners } from './items.handles.js';
import { isStruckThrough, type Line, parseLines, stripEmphasis } from './items.markdown.js';
import { findUpdates } from './items.updates.js';
import type { ActionItem, ActionUpdate, Decision } from './mail.types.js';

export interface ItemOptions {
  referenceDate: Date | null;
}

type Item = ActionItem | Decision | ActionUpdate;

/**
 * Markers that open an action item at the start of a line. "AI" must be upper case so that
 * prose about artificial intelligence ("AI models are…") never matches; the others are
 * case-insensitive. An arrow in front ("-> AI @x: …") is how minutes often attach it.
 */
const ACTION_MARKER =
  /^(?:(?:->|=>|→)\s*)?(?:(?<ai>AI)|(?<word>action[\s-]*items?|action|todo|to[\s-]do|aufgabe))(?![\p{L}\p{N}_-])/iu;

/** An action marker in the middle of a line; only taken when a handle follows. */
const INLINE_ACTION_MARKER =
  /(?<![\p{L}\p{N}_@-])(?:AI|[Aa]ction [Ii]tems?|TODO|ToDo|Todo)(?![\p{L}\p{N}_-])(?=\s*:?\s*(?:(?:for|to)\s+)?@[A-Za-z0-9_])/gu;

/**
 * "Resolution:" is left out on purpose: in list mail it is mostly a bug tracker's field
 * ("Resolution: fixed") in forwarded notifications, not something the team decided.
 */
const DECISION_MARKER =
  /^(?:(?:->|=>|→)\s*)?(?:\[decision\]\s*:?|(?:decisions?|decided|beschlu(?:ss|ß)|beschl(?:ü|ue)sse|entscheidung(?:en)?|agreed)\s*(?:\([^)]*\))?\s*:)\s*/iu;

/** What teams write after "Decision:" when nothing was decided. */
const NO_DECISION =
  /^(?:pending|tbd|tba|tbc|none|no|nope|n\/a|open|postponed|deferred|later|-+|—|\?+|to be (?:decided|discussed|defined)|not yet|no decision(?: yet)?|noch offen|offen|vertagt|keine)\.?$/i;

/** "**Decisions**" alone on a line, followed by a list. */
const DECISION_LIST_TITLE = /^(?:decisions|beschl(?:ü|ue)sse|entscheidungen)\s*:?$/i;

const SECTION_ACTIONS = /^(?:action[\s-]*items?|actions|to-?dos?|to dos|aufgaben)\s*:?$/i;
const SECTION_DECISIONS = /^(?:decisions?|beschl(?:ü|ue)sse|entscheidungen)\s*:?$/i;

function cleanText(text: string): string {
  return stripEmphasis(text)
    .replace(/^[\s:\-–—,;]+/, '')
    .replace(/[\s,;:\-–—]+$/, '')
    .replace(/\s{2,}/g, ' ')
    .trim();
}

function dropTo(text: string): string {
  return text.replace(/^\s*to\s+/i, '');
}

function hasWords(text: string): boolean {
  return /[\p{L}\p{N}]/u.test(text);
}

/** "- AI @fkr: send mail ✅": a ticked-off item is reported, not assigned. */
const TICKED = /[\u2705\u2714\u2611]/u;

function makeAction(owners: string[], rawText: string, options: ItemOptions): ActionItem | null {
  if (isStruckThrough(rawText) || TICKED.test(rawText)) return null;
  // Struck-out words were withdrawn; minutes sometimes put the replacement right after them.
  let text = cleanText(rawText.replace(/~~.*?~~/g, ' '));
  let allOwners = owners;
  if (allOwners.length === 0) {
    const led = parseOwnerLed(text);
    allOwners = led.owners;
    text = cleanText(led.text);
  }
  if (allOwners.length === 0) {
    const trailing = trailingOwners(text);
    if (trailing.owners.length > 0) {
      allOwners = trailing.owners;
      text = cleanText(trailing.rest);
    }
  }
  const { text: withoutDue, due } = parseDue(text, options.referenceDate);
  text = cleanText(withoutDue);
  // A list of people ("@a, @b (AI @b)") is not a task.
  if (!hasWords(text.replace(new RegExp(HANDLE.source, 'gu'), ''))) return null;
  return { kind: 'action', owners: dedupe(allOwners), text, due };
}

interface MarkerParse {
  owners: string[];
  /** The text after the owners; "" for a marker that heads a list ("AI @fkr:"). */
  text: string;
  /** A colon, dash or comma set the owners off ("AI @x: …", "TODO for @x, …"): the intent is explicit. */
  colon: boolean;
}

/**
 * After an action marker: "AI @a, @b: …", "AI: @a …", "AI @a to …", "Action Item to @a: …",
 * "ToDo (@a): …", "AI @fkr (?): …". Without owners the marker needs a colon ("AI: …"),
 * otherwise "Action required" or "TODO list" would be items.
 */
function parseAfterMarker(afterMarker: string): MarkerParse | null {
  let rest = afterMarker;
  const colonFirst = /^\s*:/.test(rest);
  if (colonFirst) rest = rest.replace(/^\s*:/, '');
  const owned = leadingOwners(rest);
  rest = owned.rest.replace(/^\s*\(\?\)/, '');
  const separator = /^\s*(?::|[-–—]|,)\s*/.exec(rest);
  if (!colonFirst && owned.owners.length === 0) return null;
  if (owned.owners.length > 0 && !separator && rest !== '' && !/^\s/.test(rest)) return null;
  if (separator) rest = rest.slice(separator[0].length);
  if (owned.owners.length > 0) rest = dropTo(rest);
  return { owners: owned.owners, text: rest.trim(), colon: colonFirst || separator !== null };
}

/** An action item introduced by a checkbox or a list header: "@fkr to …", "write docs (@fkr)". */
function parseOwnerLed(text: string): MarkerParse {
  const owned = leadingOwners(text);
  if (owned.owners.length === 0) return { owners: [], text, colon: false };
  const rest = owned.rest.replace(/^\s*(?::|[-–—]|,)\s*/, '');
  return { owners: owned.owners, text: dropTo(rest), colon: false };
}

/** Finds the "(" that encloses position, if any. */
function enclosingParen(text: string, position: number): { open: number; close: number } | null {
  let depth = 0;
  for (let i = position - 1; i >= 0; i--) {
    if (text[i] === ')') depth++;
    else if (text[i] === '(') {
      if (depth === 0) {
        let inner = 0;
        for (let j = position; j < text.length; j++) {
          if (text[j] === '(') inner++;
          else if (text[j] === ')') {
            if (inner === 0) return { open: i, close: j };
            inner--;
          }
        }
        return { open: i, close: text.length };
      }
      depth--;
    }
  }
  return null;
}

/** Words after the owners that are not a task of their own ("via @x", "w/ support from OSISM"). */
function isTask(text: string): boolean {
  return hasWords(text) && !/^(?:via|for|w\/|with|from|and|und|\+|&|set up)(?=\s|$)/i.test(text.trim());
}

function tidyRemainder(text: string): string {
  return text
    .replace(/\(\s*[,;]?\s*\)/g, '')
    .replace(/\s*[,;]\s*\)/g, ')')
    .replace(/\s+([,.;:])/g, '$1')
    .replace(/\s*(?:->|=>|→|;)\s*$/, '')
    .replace(/\s{2,}/g, ' ')
    .trim();
}

/**
 * Action markers inside a line: "… (AI @garloff)", "… -> AI @x: …", "Push this AI @garloff",
 * "…; AI @fkr (?): organize meeting". The item's text is the words after the owners when they
 * form a task, else the line without the marker.
 */
function inlineActions(content: string, options: ItemOptions): ActionItem[] {
  const items: ActionItem[] = [];
  for (const match of content.matchAll(INLINE_ACTION_MARKER)) {
    const start = match.index;
    const afterMarker = content.slice(start + match[0].length);
    const paren = enclosingParen(content, start);
    const scope = paren ? content.slice(start + match[0].length, paren.close) : afterMarker;
    const parsed = parseAfterMarker(scope);
    if (!parsed || parsed.owners.length === 0) continue;
    // "the AI @fkr mentioned" is prose: mid-sentence the marker needs brackets, punctuation
    // or an arrow before it, a separator after the owners, or nothing after them.
    const before = content.slice(0, start).trimEnd();
    const setOff = paren || before === '' || /[.;,:!?)>\-–—]$/.test(before);
    if (!setOff && !parsed.colon && parsed.text !== '') continue;
    let text: string;
    if (isTask(parsed.text)) {
      text = parsed.text;
    } else if (paren) {
      text = content.slice(0, paren.open) + content.slice(paren.close + 1);
      if (!isTask(tidyRemainder(text)) && start > paren.open + 1) {
        text = `${content.slice(0, start)}${content.slice(paren.close)}`;
      }
    } else {
      text = content.slice(0, start);
    }
    const item = makeAction(parsed.owners, tidyRemainder(text), options);
    if (item) items.push(item);
  }
  return items;
}

interface LineResult {
  items: Item[];
  /** The line is a header ("AI:", "Decision:") whose items are its sub-bullets. */
  header: { kind: 'action'; owners: string[] } | { kind: 'decision' } | null;
}

function decisionFrom(content: string): LineResult | null {
  if (DECISION_LIST_TITLE.test(content)) return { items: [], header: { kind: 'decision' } };
  const marker = DECISION_MARKER.exec(content);
  if (!marker) return null;
  const text = cleanText(content.slice(marker[0].length));
  if (text === '') return { items: [], header: { kind: 'decision' } };
  if (NO_DECISION.test(text) || !hasWords(text)) return { items: [], header: null };
  return { items: [{ kind: 'decision', text }], header: null };
}

function actionFrom(content: string, options: ItemOptions): LineResult | null {
  const marker = ACTION_MARKER.exec(content);
  if (!marker) return null;
  // "AI" only as a marker in upper case; "Ai" or "ai" at line start are other words.
  if (marker.groups?.ai !== undefined && marker.groups.ai !== 'AI') return null;
  const afterMarker = content.slice(marker[0].length);
  // "**Action items**" alone on a line, followed by a list.
  if (/^\s*$/.test(afterMarker)) {
    const listTitle = /^(?:action[\s-]*items?|todo|to[\s-]do)$/i.test(marker.groups?.word ?? '');
    return listTitle ? { items: [], header: { kind: 'action', owners: [] } } : null;
  }
  const parsed = parseAfterMarker(afterMarker);
  if (!parsed) return null;
  if (!hasWords(parsed.text)) return { items: [], header: { kind: 'action', owners: parsed.owners } };
  if (parsed.owners.length === 0) {
    // "TODO: Track as stories (AI: @fkr w/ support from OSISM)": the owner sits inside.
    const inner = inlineActions(parsed.text, options);
    if (inner.length > 0) return { items: inner, header: null };
  }
  const item = makeAction(parsed.owners, parsed.text, options);
  return { items: item ? [item] : [], header: null };
}

/** A wrapped line that starts with a marker ("-> TODO: …") is an item of its own, not a continuation. */
function startsItem(raw: string): boolean {
  const plain = stripEmphasis(raw);
  return ACTION_MARKER.test(plain) || DECISION_MARKER.test(plain) || /^(?:->|=>|→)/.test(plain);
}

/** The items one line states on its own, without looking at its neighbours. */
function lineItems(content: string, options: ItemOptions): LineResult {
  if (isStruckThrough(content)) return { items: [], header: null };
  const plain = stripEmphasis(content);
  const decision = decisionFrom(plain);
  if (decision) return decision;
  const action = actionFrom(plain, options);
  if (action && (action.items.length > 0 || action.header)) return action;
  const inline = inlineActions(plain, options);
  if (inline.length > 0) return { items: inline, header: null };
  return { items: findUpdates(plain), header: null };
}

function childAction(child: Line, owners: string[], options: ItemOptions): ActionItem | null {
  if (child.checkbox === 'x' || isStruckThrough(child.content)) return null;
  const parsed = parseOwnerLed(stripEmphasis(child.content));
  return makeAction(parsed.owners.length > 0 ? parsed.owners : owners, parsed.text, options);
}

/**
 * All action items, decisions and action-item updates in new mail text or a minutes document,
 * in document order.
 */
export function extractItems(text: string, options: ItemOptions): Item[] {
  const lines = parseLines(text, startsItem);
  const items: Item[] = [];
  const handled = new Set<Line>();
  const producedItems = new Set<Line>();
  let section: 'actions' | 'decisions' | null = null;

  for (const line of lines) {
    if (line.heading > 0) {
      const title = cleanText(line.content);
      section = SECTION_ACTIONS.test(title) ? 'actions' : SECTION_DECISIONS.test(title) ? 'decisions' : null;
      continue;
    }
    if (handled.has(line)) continue;
    if (line.checkbox === 'x') continue;

    let result = lineItems(line.content, options);
    if (line.checkbox === ' ' && result.items.length === 0 && !result.header) {
      const parsed = parseOwnerLed(stripEmphasis(line.content));
      const item = makeAction(parsed.owners, parsed.text, options);
      result = { items: item ? [item] : [], header: null };
    }
    if (section && line.parent === null && line.bullet && result.items.length === 0 && !result.header) {
      result = sectionItem(line, section, options);
    }

    const header = result.header;
    if (header && line.children.length > 0) {
      for (const child of line.children) {
        const own = lineItems(child.content, options);
        if (own.items.length > 0 || own.header) continue;
        handled.add(child);
        const item =
          header.kind === 'action'
            ? childAction(child, header.owners, options)
            : decisionOrNull(decisionText(child));
        if (item) {
          items.push(item);
          producedItems.add(child);
        }
      }
      continue;
    }
    if (header?.kind === 'action' && header.owners.length > 0) {
      // "*TODO: @berendt and @fkr*" under a bullet: the task is the bullet it hangs from.
      const parent = line.parent;
      if (parent && !producedItems.has(parent)) {
        const item = makeAction(header.owners, parent.content, options);
        if (item) items.push(item);
      }
      continue;
    }
    if (result.items.length > 0) producedItems.add(line);
    items.push(...result.items);
  }
  return items;
}

/** "Decisions:" / "- Do the rename?" / "  - YES": a question answered by its one sub-bullet. */
function decisionText(child: Line): string {
  const text = cleanText(child.content);
  const answer = child.children.length === 1 ? child.children[0]! : null;
  if (text.endsWith('?') && answer && answer.children.length === 0)
    return `${text} ${cleanText(answer.content)}`;
  return text;
}

function decisionOrNull(text: string): Decision | null {
  if (!hasWords(text) || NO_DECISION.test(text)) return null;
  return { kind: 'decision', text };
}

/** A top-level bullet under a heading "Action items" / "TODOs" / "Decisions". */
function sectionItem(line: Line, section: 'actions' | 'decisions', options: ItemOptions): LineResult {
  if (isStruckThrough(line.content)) return { items: [], header: null };
  if (section === 'decisions') {
    const decision = decisionOrNull(cleanText(line.content));
    return { items: decision ? [decision] : [], header: null };
  }
  const parsed = parseOwnerLed(stripEmphasis(line.content));
  const item = makeAction(parsed.owners, parsed.text, options);
  return { items: item ? [item] : [], header: null };
}

/**
 * For text already known to be ONE action item (the title of an "[action] …" subject):
 * "@fkr: write it down", "@fkr write it down", "fkr, garloff: …", "AI @fkr: …", "write it down".
 */
export function parseActionText(text: string, options: ItemOptions): ActionItem {
  const plain = stripEmphasis(text);
  const marker = ACTION_MARKER.exec(plain);
  let owners: string[] = [];
  let rest = plain;
  const afterMarker = marker ? parseAfterMarker(plain.slice(marker[0].length)) : null;
  if (afterMarker) {
    owners = afterMarker.owners;
    rest = afterMarker.text;
  } else {
    const led = parseOwnerLed(plain);
    if (led.owners.length > 0) {
      owners = led.owners;
      rest = led.text;
    } else {
      const bare = bareOwners(plain);
      owners = bare.owners;
      rest = bare.owners.length > 0 ? dropTo(bare.rest) : plain;
    }
  }
  return (
    makeAction(owners, rest, options) ?? {
      kind: 'action',
      owners,
      text: cleanText(plain),
      due: null,
    }
  );
}

/** For the title of an "[action] A-12 done" subject or a bare update line: the update, or null. */
export function parseActionUpdate(text: string): ActionUpdate | null {
  return findUpdates(stripEmphasis(text))[0] ?? null;
}
