import { parseDue } from './due-date.models.js';

/**
 * What a reply in an agenda item's thread can do to the item: withdraw it, or move it
 * to another meeting. Read from new text only, one command per line, and only when the
 * line is the command itself ("withdrawn", "move to 2023-12-18"), so a discussion that
 * merely mentions withdrawing something changes nothing.
 */
export type AgendaCommand = { kind: 'withdraw' } | { kind: 'move'; to: 'next' | string };

const BULLET = /^\s*(?:[-*+]\s+|\d+[.)]\s+)?/;
const WITHDRAW =
  /^(?:\[agenda\]\s*)?(?:i\s+)?(?:withdraw(?:n)?|retract(?:ed)?|remove(?:d)? from (?:the )?agenda|drop(?:ped)? from (?:the )?agenda|zur(?:ü|ue)ckgezogen|ziehe (?:ich|den punkt) zur(?:ü|ue)ck|von der agenda (?:nehmen|genommen))(?:\s+(?:this|the|it|this item|item|bitte|please))*\s*[.!]?$/i;
const MOVE =
  /^(?:\[agenda\]\s*)?(?:please\s+|bitte\s+)?(?:move(?:d)?|postpone(?:d)?|defer(?:red)?|push(?:ed)?|verschieben|verschoben)(?:\s+(?:this|it|the item|item|den punkt))?\s+(?:to|auf|on|until|bis)\s+(.+?)\s*[.!]?$/i;
const NEXT =
  /^(?:the\s+)?(?:next (?:meeting|week|time|call)|n(?:ä|ae)chste(?:s|n)? (?:mal|woche|meeting|sitzung|termin))$/i;

export function parseAgendaCommands(text: string, referenceDate: Date | null): AgendaCommand[] {
  const commands: AgendaCommand[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(BULLET, '').trim();
    if (line === '' || line.length > 80) continue;
    if (WITHDRAW.test(line)) {
      commands.push({ kind: 'withdraw' });
      continue;
    }
    const target = MOVE.exec(line)?.[1];
    if (!target) continue;
    if (NEXT.test(target)) {
      commands.push({ kind: 'move', to: 'next' });
      continue;
    }
    const date = meetingDateIn(`by ${target}`, referenceDate);
    if (date) commands.push({ kind: 'move', to: date });
  }
  return commands;
}

/**
 * A meeting named at the start of an agenda title: "2023-12-18: Topic",
 * "18.12.2023 – Topic", "for 18 Dec: Topic". Returns the title without it.
 */
export function meetingNamedInTitle(
  title: string,
  referenceDate: Date | null,
): { title: string; meetingDate: string | null } {
  const match =
    /^(?:for\s+|f(?:ü|ue)r\s+)?([0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{1,2}\.[0-9]{1,2}\.(?:[0-9]{4})?|[0-9]{1,2}\s+[A-Za-zä]{3,9}(?:\s+[0-9]{4})?)\s*(?::|–|—|-)\s+(.+)$/.exec(
      title,
    );
  if (!match) return { title, meetingDate: null };
  const date = meetingDateIn(`by ${match[1]}`, referenceDate);
  return date ? { title: match[2]!.trim(), meetingDate: date } : { title, meetingDate: null };
}

function meetingDateIn(phrase: string, referenceDate: Date | null): string | null {
  return parseDue(phrase, referenceDate).due;
}
