import { sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Executor } from './database.js';
import { timestamp } from './sql-values.js';

/**
 * The columns of an outgoing-work ledger (Matrix posts, confirmations): rows move
 * pending → sending → sent, or to retry / failed / missed, and a claim is a lease.
 * The digest ledger has the same shape; these helpers serve the smaller ledgers.
 */
export interface LeasedLedger {
  table: PgTable;
  id: PgColumn;
  status: PgColumn;
  nextAttemptAt: PgColumn;
  usefulUntil: PgColumn;
  leaseUntil: PgColumn;
  claimedBy: PgColumn;
  attempts: PgColumn;
}

/**
 * Claims one due row for `leaseMs` and returns its id. SKIP LOCKED lets replicas
 * claim different rows at once and never the same one; a lease that ran out (its
 * worker died, perhaps after delivering) makes the row claimable again.
 */
export async function claimNextDue(
  db: Executor,
  ledger: LeasedLedger,
  worker: string,
  now: Date,
  leaseMs: number,
): Promise<number | null> {
  const { table, id, status, nextAttemptAt, usefulUntil, leaseUntil, claimedBy, attempts } = ledger;
  const at = timestamp(now);
  const result = await db.execute(sql`
    update ${table}
    set ${sql.identifier(status.name)} = 'sending',
        ${sql.identifier(claimedBy.name)} = ${worker},
        ${sql.identifier(attempts.name)} = ${attempts} + 1,
        ${sql.identifier(leaseUntil.name)} = ${timestamp(new Date(now.getTime() + leaseMs))}
    where ${id} = (
      select ${id} from ${table}
      where ${nextAttemptAt} <= ${at} and ${usefulUntil} > ${at}
        and (${status} in ('pending', 'retry') or (${status} = 'sending' and ${leaseUntil} < ${at}))
      order by ${nextAttemptAt}
      limit 1
      for update skip locked
    )
    returning ${id} as id`);
  const claimed = rowsOf<{ id: number | string }>(result)[0]?.id;
  return claimed === undefined ? null : Number(claimed);
}

/** Rows nobody delivered while they were useful: visible as missed, never delivered late. */
export async function markMissedRows(db: Executor, ledger: LeasedLedger, now: Date): Promise<number> {
  const { table, id, status, usefulUntil, leaseUntil } = ledger;
  const at = timestamp(now);
  const result = await db.execute(sql`
    update ${table}
    set ${sql.identifier(status.name)} = 'missed', ${sql.identifier(leaseUntil.name)} = null
    where ${usefulUntil} <= ${at}
      and (${status} in ('pending', 'retry') or (${status} = 'sending' and ${leaseUntil} < ${at}))
    returning ${id} as id`);
  return rowsOf(result).length;
}

/** postgres.js returns the rows array itself; PGlite returns `{ rows }`. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

/** 30 s, 1 min, 2 min, … up to 30 min between attempts; never sooner than a server asked. */
export function backoffMs(attempts: number, atLeastMs: number | null = null): number {
  const delay = Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 30 * 60_000);
  return atLeastMs === null ? delay : Math.max(delay, atLeastMs);
}
