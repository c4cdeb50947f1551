import { queueConfirmation } from '../confirmations/confirmations.usecases.js';
import type { Database, Executor } from '../db/database.js';
import type { IdentityOutcome } from '../identity/identity.models.js';
import { createIdentityVerifier, type IdentityVerifier } from '../identity/identity.verifier.js';
import { type Understanding, understandMail } from '../mail/extract.js';
import { normalizeMail } from '../mail/mail.normalize.js';
import type { NormalizedMail } from '../mail/mail.types.js';
import { MailLimitError } from '../mail/mail-limits.js';
import { noSchedule, type TeamSchedule } from '../meetings/team-schedule.js';
import { withAddedMembers } from '../members/members.usecases.js';
import { createMessagesRepository, type NewMessage } from '../messages/messages.repository.js';
import { createRecordsRepository } from '../records/records.repository.js';
import { applyUnderstanding } from '../records/records.usecases.js';
import { pendingOf } from '../review/review.models.js';
import type { Clock } from '../shared/clock.js';
import { mapWithLimit } from '../shared/concurrency.js';
import { errorCode, errorMessage } from '../shared/errors.js';
import type { FaultPoints } from '../shared/fault-points.js';
import type { Logger } from '../shared/logger.js';
import {
  extractContextOf,
  messageIdOf,
  needsIdentityCheck,
  syntheticMessageId,
  type TeamContext,
  type Verdict,
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
  /** Crash points of the fault tests; absent in production. */
  faults?: FaultPoints;
  /** Checks DKIM/ARC for teams that ask for it; the system DNS resolver by default. */
  identity?: IdentityVerifier;
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

const PREPARE_CONCURRENCY = 4;

/** Parsed outside the transaction (CPU work), stored inside it. */
type Prepared =
  | Unparsed
  | {
      kind: 'parsed';
      incoming: IncomingMessage;
      raw: Buffer;
      mail: NormalizedMail;
      /** The team it was routed to, undefined when it is none of theirs. */
      team: TeamContext | undefined;
      understanding: Understanding;
      /** The team's identity check, when it asked for one and the message is a member's command. */
      identity: IdentityOutcome | null;
    };

type ParsedItem = Extract<Prepared, { kind: 'parsed' }>;

type Unparsed = {
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
 * committed checkpoint.
 *
 * Every message of the batch is stored by one INSERT (insertManyOnce), in batch order;
 * then each stored message that has items applies them. That first attempt takes no
 * savepoints, which would be one more round trip per tagged message: should any write
 * fail, the whole transaction rolls back and the batch is stored again carefully, each
 * message's items in a savepoint of their own, so one that breaks a write is marked
 * failed (with its source, for a retry) and the rest go on; an INSERT that fails there
 * (a value PostgreSQL rejects) rolls back only its savepoint, and the batch is stored
 * one message at a time (see storeBatch).
 */
export async function ingestMessages(
  deps: IngestDeps,
  batch: readonly IncomingMessage[],
  checkpoint?: Checkpoint,
): Promise<IngestReport> {
  deps.faults?.('ingest:after-fetch');
  // Members an operator added count from the next batch on, without a restart. Read while the
  // batch is parsed: parsing does not need them, understanding does.
  const teamsRead = withAddedMembers(deps.db, deps.teams);
  teamsRead.catch(() => {}); // awaited below; a failure then fails the batch, not the process
  const prepared = await prepareAll(batch, teamsRead, deps);
  const attempt = async (careful: boolean): Promise<IngestReport> => {
    const report = emptyReport();
    await deps.db.transaction(async (tx) => {
      await storeBatch(tx, deps, prepared, report, careful);
      if (checkpoint) {
        await createMessagesRepository(tx).upsertCheckpoint(
          checkpoint.mailbox,
          checkpoint.uidValidity,
          checkpoint.lastUid,
        );
      }
      deps.faults?.('ingest:after-insert');
    });
    return report;
  };
  let report: IngestReport;
  try {
    report = await attempt(false);
  } catch (error) {
    if (!(error instanceof StoreAgainCarefully)) throw error;
    deps.logger.warn(
      { err: error.cause, count: batch.length },
      'a write of the batch failed, storing it again',
    );
    report = await attempt(true);
  }
  deps.faults?.('ingest:after-commit');
  if (report.failed > 0) deps.logger.warn({ ...report }, 'ingest batch had failures');
  return report;
}

/** A write of the first, savepoint-free attempt failed: the transaction is rolled back. */
class StoreAgainCarefully extends Error {
  constructor(cause: unknown) {
    super('a write of the batch failed', { cause });
  }
}

/**
 * Parses a few messages at a time (parsing is CPU work on one thread, so more in flight only
 * holds more parses in memory), then understands each once the team rosters are read; a few
 * identity checks at a time overlap their DNS lookups.
 */
async function prepareAll(
  batch: readonly IncomingMessage[],
  teamsRead: Promise<TeamContext[]>,
  deps: IngestDeps,
): Promise<Prepared[]> {
  const parsed = await mapWithLimit(batch, PREPARE_CONCURRENCY, parse);
  const teams = await teamsRead;
  return mapWithLimit(parsed, PREPARE_CONCURRENCY, (item) =>
    item.kind === 'unparsed'
      ? Promise.resolve(item)
      : understand(item.incoming, item.raw, item.mail, teams, deps),
  );
}

/** A message's row, with the outcome it counts as once stored; `applies` when it has items to apply. */
interface Row {
  item: Prepared;
  values: NewMessage;
  counted: Exclude<Counted, 'duplicates'>;
  applies: boolean;
}

function rowOf(deps: IngestDeps, item: Prepared): Row {
  if (item.kind === 'unparsed') {
    const values = unparsedRow(deps, item);
    return { item, values, counted: item.failed ? 'failed' : 'skipped', applies: false };
  }
  const { base, team, understanding } = describeParsed(deps, item);
  if (!team) return { item, values: noTeamRow(base), counted: 'skipped', applies: false };
  const verdict = verdictOf(understanding, team, item.identity);
  const applies = verdict.outcome === 'recorded' && appliesItems(understanding);
  const counted = verdict.outcome === 'needs-review' ? 'needsReview' : verdict.outcome;
  return { item, values: verdictRow(base, verdict, understanding), counted, applies };
}

/** What `applyUnderstanding` would act on; without any of it, it changes nothing and notes nothing. */
function appliesItems(understanding: Understanding): boolean {
  const { extraction } = understanding;
  return (
    extraction.items.length > 0 || extraction.minutes !== null || understanding.agendaCommands.length > 0
  );
}

/**
 * Every message of the batch is one row of one INSERT, in batch order (so ids follow arrival
 * and, of two with the same key, the first is stored and the second is the duplicate); then
 * the items of each stored message that has some are applied. The first attempt turns any
 * failed write into StoreAgainCarefully (the caller rolls back and calls again, careful).
 * Careful, the INSERT and each message's items run in savepoints of their own: should the
 * INSERT fail (a value PostgreSQL rejects), only its savepoint rolls back and the batch is
 * stored one message at a time; should a message's items, that message is marked failed.
 */
async function storeBatch(
  tx: Executor,
  deps: IngestDeps,
  prepared: readonly Prepared[],
  report: IngestReport,
  careful: boolean,
): Promise<void> {
  const rows = prepared.map((item) => rowOf(deps, item));
  const values = rows.map((r) => r.values);
  let inserted: Array<{ id: number; team: string; messageId: string }>;
  if (!careful) {
    inserted = await createMessagesRepository(tx)
      .insertManyOnce(values)
      .catch((error: unknown) => {
        throw new StoreAgainCarefully(error);
      });
  } else {
    try {
      inserted = await tx.transaction((savepoint) =>
        createMessagesRepository(savepoint).insertManyOnce(values),
      );
    } catch (error) {
      deps.logger.warn({ err: error, count: rows.length }, 'batched insert failed, storing one by one');
      for (const item of prepared) report[await store(tx, deps, item)]++;
      return;
    }
  }
  const fresh = new Map(inserted.map((r) => [keyOf(r.team, r.messageId), r.id]));
  for (const row of rows) {
    const key = keyOf(row.values.team, row.values.messageId);
    const id = fresh.get(key);
    if (id === undefined) {
      report.duplicates++;
      continue;
    }
    fresh.delete(key);
    if (!row.applies || row.item.kind !== 'parsed') report[row.counted]++;
    else if (careful) report[await applyStored(tx, deps, row.item, row.values.messageId, id)]++;
    else {
      await applyItems(tx, deps, row.item, id).catch((error: unknown) => {
        throw new StoreAgainCarefully(error);
      });
      report.recorded++;
    }
  }
}

const keyOf = (team: string, messageId: string): string => `${team}\u0000${messageId}`;

/** A held message keeps what was understood, so that approving it applies exactly that. */
function verdictRow(base: NewMessage, verdict: Verdict, understanding: Understanding): NewMessage {
  const row = { ...base, ...verdict };
  return verdict.outcome === 'needs-review' ? { ...row, pending: pendingOf(understanding) } : row;
}

type Parsed = { kind: 'mail'; incoming: IncomingMessage; raw: Buffer; mail: NormalizedMail };

async function parse(incoming: IncomingMessage): Promise<Parsed | Unparsed> {
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
    return { kind: 'mail', incoming, raw, mail: await normalizeMail(raw) };
  } catch (error) {
    return unparsable(incoming, raw, error);
  }
}

async function understand(
  incoming: IncomingMessage,
  raw: Buffer,
  mail: NormalizedMail,
  teams: readonly TeamContext[],
  deps: IngestDeps,
): Promise<Prepared> {
  try {
    const team = teams.find((t) => t.slug === routeToTeam(mail, teams));
    const understanding = understandMail(mail, extractContextOf(team, teams));
    let identity: IdentityOutcome | null = null;
    if (team?.identity && needsIdentityCheck(understanding, team)) {
      // The default verifier holds no state: the system resolver and mailauth.
      const verify = deps.identity ?? createIdentityVerifier();
      identity = await verify(raw, understanding.extraction.author, team.identity);
    }
    return { kind: 'parsed', incoming, raw, mail, team, understanding, identity };
  } catch (error) {
    return unparsable(incoming, raw, error);
  }
}

function unparsable(incoming: IncomingMessage, raw: Buffer, error: unknown): Unparsed {
  const messageId = syntheticMessageId(raw);
  // Over a structural limit: the same bytes will always be, so it is a skip, not a
  // failure to retry (a timeout may be the machine's fault, so that one is a failure).
  if (error instanceof MailLimitError && !error.retryable) {
    const detail = `${error.code}: ${error.message}`;
    return { kind: 'unparsed', incoming, messageId, reason: 'over-limit', detail, failed: false };
  }
  return {
    kind: 'unparsed',
    incoming,
    messageId,
    reason: error instanceof MailLimitError ? error.code : 'PARSE_ERROR',
    detail: errorMessage(error),
    failed: true,
  };
}

/**
 * Applies the items of a message already stored as recorded, in a savepoint: when a write
 * breaks, what it did is rolled back and the message is marked failed, with its source kept
 * for a retry; the rest of the batch goes on.
 */
async function applyStored(
  tx: Executor,
  deps: IngestDeps,
  item: ParsedItem,
  messageId: string,
  id: number,
): Promise<Counted> {
  try {
    await tx.transaction(async (savepoint) => {
      await applyItems(savepoint, deps, item, id);
    });
    return 'recorded';
  } catch (error) {
    deps.logger.error({ err: error, messageId, origin: item.incoming.origin }, 'could not apply message');
    await createMessagesRepository(tx).markFailed(id, {
      reason: errorCode(error),
      detail: errorMessage(error).slice(0, 2000),
      raw: item.raw,
    });
    return 'failed';
  }
}

/** Applies a stored message's items, notes what changed nothing, and queues its confirmation. */
async function applyItems(executor: Executor, deps: IngestDeps, item: ParsedItem, id: number): Promise<void> {
  const { base, team, understanding, threadId, messageId } = describeParsed(deps, item);
  if (!team) return;
  const { mail } = item;
  const { notes, recorded } = await applyUnderstanding(
    createRecordsRepository(executor),
    understanding,
    { team: team.slug, messageRowId: id, threadId, at: mail.date ?? base.receivedAt! },
    deps.schedule ?? noSchedule,
  );
  await createMessagesRepository(executor).setNotes(id, notes);
  await queueConfirmation(executor, {
    team,
    notTo: deps.teams.flatMap((t) => [t.address, t.list]),
    messageRowId: id,
    messageId,
    subject: mail.subject,
    author: understanding.extraction.author,
    recorded,
    schedule: deps.schedule ?? noSchedule,
    sentAt: mail.date,
    now: deps.clock.now(),
  });
}

type Counted = keyof IngestReport;

async function store(tx: Executor, deps: IngestDeps, item: Prepared): Promise<Counted> {
  if (item.kind === 'unparsed') {
    const id = await createMessagesRepository(tx).insertOnce(unparsedRow(deps, item));
    if (id === null) return 'duplicates';
    return item.failed ? 'failed' : 'skipped';
  }

  const { base, team, understanding, messageId } = describeParsed(deps, item);
  const { raw } = item;
  if (!team) {
    const id = await createMessagesRepository(tx).insertOnce(noTeamRow(base));
    return id === null ? 'duplicates' : 'skipped';
  }

  const verdict = verdictOf(understanding, team, item.identity);
  try {
    return await tx.transaction(async (savepoint) => {
      const repository = createMessagesRepository(savepoint);
      const id = await repository.insertOnce(verdictRow(base, verdict, understanding));
      if (id === null) return 'duplicates';
      if (verdict.outcome !== 'recorded')
        return verdict.outcome === 'needs-review' ? 'needsReview' : 'skipped';
      await applyItems(savepoint, deps, item, id);
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

function unparsedRow(deps: IngestDeps, item: Unparsed): NewMessage {
  return {
    team: deps.teams.length === 1 ? deps.teams[0]!.slug : '',
    messageId: item.messageId,
    threadId: item.messageId,
    origin: item.incoming.origin,
    size: item.incoming.size,
    receivedAt: deps.clock.now(),
    outcome: item.failed ? 'failed' : 'skipped',
    reason: item.reason,
    detail: item.detail,
    raw: item.failed ? item.incoming.raw : null,
  };
}

function noTeamRow(base: NewMessage): NewMessage {
  return {
    ...base,
    outcome: 'skipped',
    reason: 'no-team',
    detail: 'not addressed to a configured team list',
  };
}

function describeParsed(deps: IngestDeps, item: ParsedItem) {
  const { mail, understanding, raw } = item;
  const { extraction } = understanding;
  const messageId = messageIdOf(mail, raw);
  const threadId = threadIdOf(mail, messageId);
  const team = item.team;
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
    receivedAt: deps.clock.now(),
    origin: item.incoming.origin,
    size: item.incoming.size,
    tags: extraction.tags,
    extraction,
    outcome: 'recorded',
  };
  return { base, team, understanding, threadId, messageId };
}
