import type { Database, Executor } from '../db/database.js';
import { type Understanding, understandMail } from '../mail/extract.js';
import { normalizeMail } from '../mail/mail.normalize.js';
import type { NormalizedMail } from '../mail/mail.types.js';
import { noSchedule, type TeamSchedule } from '../meetings/team-schedule.js';
import { createMessagesRepository, type NewMessage } from '../messages/messages.repository.js';
import { createRecordsRepository } from '../records/records.repository.js';
import { applyUnderstanding } from '../records/records.usecases.js';
import type { Clock } from '../shared/clock.js';
import { errorCode, errorMessage } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import {
  extractContextOf,
  messageIdOf,
  syntheticMessageId,
  type TeamContext,
  verdictOf,
} from './ingest.models.js';
import { routeToTeam, threadIdOf } from './route.models.js';

export interface IncomingMessage {
  /** The source; null when it was too large to download. */
  raw: Buffer | null;
  size: number;
  origin: string;
}

export interface IngestDeps {
  db: Database;
  teams: readonly TeamContext[];
  clock: Clock;
  logger: Logger;
  /** Resolves "move to next meeting"; teams without meetings use noSchedule. */
  schedule?: TeamSchedule;
}

export interface IngestReport {
  recorded: number;
  skipped: number;
  failed: number;
  needsReview: number;
  /** Already stored (same Message-ID for the same team): nothing changed. */
  duplicates: number;
}

export interface Checkpoint {
  mailbox: string;
  uidValidity: bigint;
  lastUid: number;
}

/** Parsed outside the transaction (CPU work), stored inside it. */
type Prepared =
  | {
      kind: 'parsed';
      incoming: IncomingMessage;
      raw: Buffer;
      mail: NormalizedMail;
      understanding: Understanding;
    }
  | {
      kind: 'unparsed';
      incoming: IncomingMessage;
      messageId: string;
      reason: string;
      detail: string;
      failed: boolean;
    };

export const emptyReport = (): IngestReport => ({
  recorded: 0,
  skipped: 0,
  failed: 0,
  needsReview: 0,
  duplicates: 0,
});

/**
 * Stores a batch of messages, each with its outcome, applies what they say, and
 * (for IMAP) advances the mailbox checkpoint, all in one transaction: a crash
 * leaves either everything or nothing, and the next run starts from the last
 * committed checkpoint. Each message runs in its own savepoint, so one that breaks
 * a write is stored as failed (with its source, for a retry) and the rest go on.
 */
export async function ingestMessages(
  deps: IngestDeps,
  batch: readonly IncomingMessage[],
  checkpoint?: Checkpoint,
): Promise<IngestReport> {
  const prepared = await Promise.all(batch.map((incoming) => prepare(incoming, deps.teams)));
  const report = emptyReport();
  await deps.db.transaction(async (tx) => {
    for (const item of prepared) {
      const outcome = await store(tx, deps, item);
      report[outcome]++;
    }
    if (checkpoint) {
      await createMessagesRepository(tx).upsertCheckpoint(
        checkpoint.mailbox,
        checkpoint.uidValidity,
        checkpoint.lastUid,
      );
    }
  });
  if (report.failed > 0) deps.logger.warn({ ...report }, 'ingest batch had failures');
  return report;
}

async function prepare(incoming: IncomingMessage, teams: readonly TeamContext[]): Promise<Prepared> {
  const { raw } = incoming;
  if (!raw) {
    return {
      kind: 'unparsed',
      incoming,
      messageId: `too-large:${incoming.origin}`,
      reason: 'too-large',
      detail: `${incoming.size} bytes, not downloaded`,
      failed: false,
    };
  }
  try {
    const mail = await normalizeMail(raw);
    const team = teams.find((t) => t.slug === routeToTeam(mail, teams));
    const understanding = understandMail(mail, extractContextOf(team, teams));
    return { kind: 'parsed', incoming, raw, mail, understanding };
  } catch (error) {
    return {
      kind: 'unparsed',
      incoming,
      messageId: syntheticMessageId(raw),
      reason: 'PARSE_ERROR',
      detail: errorMessage(error),
      failed: true,
    };
  }
}

type Counted = keyof IngestReport;

async function store(tx: Executor, deps: IngestDeps, item: Prepared): Promise<Counted> {
  const received = deps.clock.now();
  if (item.kind === 'unparsed') {
    const id = await createMessagesRepository(tx).insertOnce({
      team: deps.teams.length === 1 ? deps.teams[0]!.slug : '',
      messageId: item.messageId,
      threadId: item.messageId,
      origin: item.incoming.origin,
      size: item.incoming.size,
      receivedAt: received,
      outcome: item.failed ? 'failed' : 'skipped',
      reason: item.reason,
      detail: item.detail,
      raw: item.failed ? item.incoming.raw : null,
    });
    if (id === null) return 'duplicates';
    return item.failed ? 'failed' : 'skipped';
  }

  const { mail, understanding, raw } = item;
  const { extraction } = understanding;
  const messageId = messageIdOf(mail, raw);
  const threadId = threadIdOf(mail, messageId);
  const team = deps.teams.find((t) => t.slug === routeToTeam(mail, deps.teams));
  const base: NewMessage = {
    team: team?.slug ?? '',
    messageId,
    threadId,
    inReplyTo: mail.inReplyTo,
    subject: mail.subject.slice(0, 1000),
    authorAddress: extraction.author.address,
    authorName: extraction.author.name,
    authorHandle: team?.people.find((p) => p.addresses.includes(extraction.author.address))?.handle ?? null,
    sentAt: mail.date,
    receivedAt: received,
    origin: item.incoming.origin,
    size: item.incoming.size,
    tags: extraction.tags,
    extraction,
    outcome: 'recorded',
  };
  if (!team) {
    const id = await createMessagesRepository(tx).insertOnce({
      ...base,
      outcome: 'skipped',
      reason: 'no-team',
      detail: 'not addressed to a configured team list',
    });
    return id === null ? 'duplicates' : 'skipped';
  }

  const verdict = verdictOf(understanding, team);
  try {
    return await tx.transaction(async (savepoint) => {
      const messages = createMessagesRepository(savepoint);
      const id = await messages.insertOnce({ ...base, ...verdict });
      if (id === null) return 'duplicates';
      if (verdict.outcome !== 'recorded')
        return verdict.outcome === 'needs-review' ? 'needsReview' : 'skipped';
      const { notes } = await applyUnderstanding(
        createRecordsRepository(savepoint),
        understanding,
        { team: team.slug, messageRowId: id, threadId, at: mail.date ?? received },
        deps.schedule ?? noSchedule,
      );
      await messages.setNotes(id, notes);
      return 'recorded';
    });
  } catch (error) {
    deps.logger.error({ err: error, messageId, origin: item.incoming.origin }, 'could not apply message');
    const id = await createMessagesRepository(tx).insertOnce({
      ...base,
      outcome: 'failed',
      reason: errorCode(error),
      detail: errorMessage(error).slice(0, 2000),
      raw,
    });
    return id === null ? 'duplicates' : 'failed';
  }
}
