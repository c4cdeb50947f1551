import type { AgendaCommand } from '../mail/agenda-commands.models.js';
import type { Understanding } from '../mail/extract.js';
import type { ExtractedItem, Extraction } from '../mail/mail.types.js';

/**
 * A message held for review (a non-member's command, or a member's that failed the
 * team's identity check) is stored with everything ingest understood, so approving it
 * later applies exactly that, whatever the parser or the roster says by then.
 * `extraction` is stored for every message; this is the rest of the Understanding.
 */
export interface PendingUnderstanding {
  minutesMarkdown: string | null;
  agendaMeetingDate: string | null;
  agendaCommands: AgendaCommand[];
}

export function pendingOf(understanding: Understanding): PendingUnderstanding {
  return {
    minutesMarkdown: understanding.minutesMarkdown,
    agendaMeetingDate: understanding.agendaMeetingDate,
    agendaCommands: understanding.agendaCommands,
  };
}

export function understandingOf(extraction: Extraction, pending: PendingUnderstanding | null): Understanding {
  return {
    extraction,
    minutesMarkdown: pending?.minutesMarkdown ?? null,
    agendaMeetingDate: pending?.agendaMeetingDate ?? null,
    agendaCommands: pending?.agendaCommands ?? [],
  };
}

/** Reasons stored when an operator has decided. */
export const APPROVED = 'approved';
export const REJECTED = 'rejected';

export interface StoredMessage {
  id: number;
  outcome: string;
  reason: string | null;
  reviewedBy: string | null;
  reviewedAt: Date | null;
}

export type ReviewAction = 'approve' | 'reject';

export type ReviewPlan =
  /** Act: apply the understanding (approve) or mark it rejected. */
  | { kind: 'act' }
  /** Already done the same way: nothing changes, so running the command twice is safe. */
  | { kind: 'unchanged'; by: string | null; at: Date | null }
  | { kind: 'refused'; code: ReviewErrorCode; message: string };

export type ReviewErrorCode = 'REVIEW_NOT_HELD' | 'REVIEW_ALREADY_APPROVED';

/**
 * What reviewing a stored message may do. Approving is idempotent (a second approve
 * changes nothing) and so is rejecting. A rejected message can still be approved (its
 * commands were never applied, so an operator may change their mind), but an approved
 * one cannot be rejected: its records exist and later mail may build on them.
 */
export function reviewPlan(message: StoredMessage, action: ReviewAction): ReviewPlan {
  const approved = message.outcome === 'recorded' && message.reason === APPROVED;
  const rejected = message.outcome === 'skipped' && message.reason === REJECTED;
  const decided = { by: message.reviewedBy, at: message.reviewedAt };
  if (action === 'approve') {
    if (approved) return { kind: 'unchanged', ...decided };
    if (message.outcome === 'needs-review' || rejected) return { kind: 'act' };
  } else {
    if (rejected) return { kind: 'unchanged', ...decided };
    if (approved) {
      return {
        kind: 'refused',
        code: 'REVIEW_ALREADY_APPROVED',
        message: `#${message.id} was approved${byLine(decided)}: its records are applied and stay`,
      };
    }
    if (message.outcome === 'needs-review') return { kind: 'act' };
  }
  return {
    kind: 'refused',
    code: 'REVIEW_NOT_HELD',
    message: `#${message.id} is not waiting for review (outcome ${message.outcome}${message.reason ? `, ${message.reason}` : ''})`,
  };
}

function byLine({ by, at }: { by: string | null; at: Date | null }): string {
  return `${by ? ` by ${by}` : ''}${at ? ` at ${at.toISOString()}` : ''}`;
}

/** The detail kept on a rejected message: why it was held, and why it was rejected. */
export function rejectedDetail(
  heldReason: string | null,
  heldDetail: string | null,
  note: string | null,
): string {
  const held = [heldReason, heldDetail].filter(Boolean).join(': ');
  return [held, note ? `rejected: ${note}` : 'rejected'].filter(Boolean).join('; ').slice(0, 2000);
}

/** A one-line summary of what a held message would change, for `listscribe review`. */
export function describeItems(extraction: Extraction): string[] {
  const lines = extraction.items.map(itemLine);
  if (extraction.minutes) lines.unshift(`minutes of ${extraction.minutes.date ?? 'an undated meeting'}`);
  return lines;
}

function itemLine(item: ExtractedItem): string {
  switch (item.kind) {
    case 'agenda':
      return `agenda: ${item.title} (@${item.owner}${item.minutes ? `, ${item.minutes} min` : ''})`;
    case 'action':
      return `action: ${item.owners.length ? `${item.owners.map((o) => `@${o}`).join(', ')}: ` : ''}${item.text}`;
    case 'action-update':
      return `update: ${item.ref} ${item.status}`;
    case 'decision':
      return `decision: ${item.text}`;
  }
}
