/**
 * What the fault tests and the soak assert after a fault: read straight from the database with a
 * client of its own (the worker under test may be a child process, or dead), in plain SQL.
 *
 * - every message in the mailbox has an outcome row (by Message-ID, or by its IMAP origin for a
 *   message whose id was synthetic);
 * - no record was created twice: action items and decisions are unique by their text (the
 *   generators give each a unique text), agenda items by title;
 * - the mailbox checkpoint never runs ahead of the stored messages.
 */
import postgres from 'postgres';

export interface LedgerCounts {
  messages: number;
  byOutcome: Record<string, number>;
  agendaItems: number;
  actionItems: number;
  decisions: number;
  /** Records whose text (or title) occurs more than once: the same command applied twice. */
  duplicateRecords: number;
  checkpoint: { lastUid: number; uidValidity: bigint } | null;
  /** Digests by status, e.g. { sent: 3 }. */
  digests: Record<string, number>;
}

export type Sql = postgres.Sql;

export function ledgerClient(url: string): Sql {
  return postgres(url, { max: 2, onnotice: () => {} });
}

export async function ledgerCounts(sql: Sql, mailboxKey: string): Promise<LedgerCounts> {
  const outcomes = await sql<{ outcome: string; n: number }[]>`
    select outcome, count(*)::int as n from messages group by outcome`;
  const [records] = await sql<{ agenda: number; actions: number; decisions: number }[]>`
    select (select count(*)::int from agenda_items) as agenda,
           (select count(*)::int from action_items) as actions,
           (select count(*)::int from decisions) as decisions`;
  const [dups] = await sql<{ n: number }[]>`
    select (
      (select count(*) from (select text from action_items group by team, text having count(*) > 1) a) +
      (select count(*) from (select text from decisions group by team, text having count(*) > 1) d) +
      (select count(*) from (select title from agenda_items group by team, title having count(*) > 1) g)
    )::int as n`;
  const [checkpoint] = await sql<{ last_uid: string; uid_validity: string }[]>`
    select last_uid::text, uid_validity::text from mailbox_checkpoints where mailbox = ${mailboxKey}`;
  const digestRows = await sql<{ status: string; n: number }[]>`
    select status, count(*)::int as n from digests group by status`;
  const byOutcome = Object.fromEntries(outcomes.map((r) => [r.outcome, r.n]));
  return {
    messages: outcomes.reduce((sum, r) => sum + r.n, 0),
    byOutcome,
    agendaItems: records!.agenda,
    actionItems: records!.actions,
    decisions: records!.decisions,
    duplicateRecords: dups!.n,
    checkpoint: checkpoint
      ? { lastUid: Number(checkpoint.last_uid), uidValidity: BigInt(checkpoint.uid_validity) }
      : null,
    digests: Object.fromEntries(digestRows.map((r) => [r.status, r.n])),
  };
}

/**
 * The mailbox messages (uid and Message-ID, without angle brackets) that have no outcome row:
 * none may be found by Message-ID, nor (for a message stored under a synthetic id) by the origin
 * the IMAP sink writes, `imap:<key>#<uid>`.
 */
export async function messagesWithoutOutcome(
  sql: Sql,
  mailboxKey: string,
  mailbox: Array<{ uid: number; messageId: string | null }>,
): Promise<Array<{ uid: number; messageId: string | null }>> {
  const rows = await sql<{ message_id: string; origin: string }[]>`select message_id, origin from messages`;
  const ids = new Set(rows.map((r) => r.message_id));
  const origins = new Set(rows.map((r) => r.origin));
  return mailbox.filter(
    (m) => !(m.messageId && ids.has(m.messageId)) && !origins.has(`imap:${mailboxKey}#${m.uid}`),
  );
}

/** Polls `check` until it returns true; throws with `describe()` of the last state on timeout. */
export async function eventually(
  check: () => Promise<boolean>,
  timeoutMs: number,
  describe: () => Promise<string> | string = () => '',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${await describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
