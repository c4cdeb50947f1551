import type { App } from '../app/app.js';
import { createConfirmationsRepository } from '../confirmations/confirmations.repository.js';
import { createDigestsRepository } from '../digests/digests.repository.js';
import { createMatrixPostsRepository } from '../digests/matrix-posts.repository.js';
import { createMessagesRepository } from '../messages/messages.repository.js';

/** `listscribe status`: what was ingested, how far each mailbox was read, and what needs an operator. */
export async function statusCommand(
  app: App,
  options: { json?: boolean },
  out: (line: string) => void,
): Promise<number> {
  const repo = createMessagesRepository(app.db.db);
  const confirmationsRepo = createConfirmationsRepository(app.db.db);
  const [counts, checkpoints, failed, review, digests, matrix, confirmed, unconfirmed] = await Promise.all([
    repo.countsByOutcome(),
    repo.checkpoints(),
    repo.recent('failed', 10),
    repo.recent('needs-review', 10),
    createDigestsRepository(app.db.db).recent(12),
    createMatrixPostsRepository(app.db.db).recent(12),
    confirmationsRepo.countsByStatus(),
    confirmationsRepo.recentProblems(5),
  ]);
  const status = {
    config: app.configFile,
    database: { kind: app.db.kind, location: app.db.location },
    teams: app.teams.map((t) => t.slug),
    messages: counts,
    checkpoints: checkpoints.map((c) => ({
      mailbox: c.mailbox,
      uidValidity: c.uidValidity.toString(),
      lastUid: c.lastUid,
      updatedAt: c.updatedAt,
    })),
    digests,
    matrix,
    confirmations: { byStatus: confirmed, problems: unconfirmed },
    recentFailures: failed,
    needsReview: review,
  };
  if (options.json) {
    out(JSON.stringify(status, null, 2));
    return 0;
  }
  out(`listscribe — ${app.teams.map((t) => t.name).join(', ')}`);
  out(`configuration: ${app.configFile}${app.isExample ? ' (bundled example)' : ''}`);
  out(`database:      ${app.db.kind} ${app.db.location}`);
  out('');
  out('messages by outcome');
  if (counts.length === 0) out('  (none yet)');
  for (const row of counts) out(`  ${row.outcome.padEnd(13)} ${(row.reason ?? '').padEnd(16)} ${row.count}`);
  out('');
  out('mailbox checkpoints');
  if (checkpoints.length === 0) out('  (none: no IMAP mailbox read yet)');
  for (const c of status.checkpoints) {
    out(
      `  ${c.mailbox}  uidvalidity ${c.uidValidity}  last uid ${c.lastUid}  at ${c.updatedAt.toISOString()}`,
    );
  }
  out('');
  out('digests (latest first)');
  if (digests.length === 0) out('  (none: no meetings configured, or none planned yet)');
  for (const d of digests) {
    const when = d.sentAt ? `sent ${d.sentAt.toISOString()}` : `due ${d.dueAt.toISOString()}`;
    const error = d.errorCode ? ` — ${d.errorCode}: ${d.lastError ?? ''}` : '';
    out(
      `  ${d.team} ${d.localDate} ${d.kind.padEnd(7)} ${d.status.padEnd(7)} ${when} (attempts ${d.attempts})${error}`,
    );
  }
  if (matrix.length > 0) {
    out('');
    out('matrix posts (latest first)');
    for (const m of matrix) {
      const state =
        m.status === 'sent'
          ? `sent ${m.sentAt?.toISOString()} ${m.eventId}`
          : m.status === 'retry'
            ? `next try ${m.nextAttemptAt.toISOString()}`
            : '';
      const error = m.errorCode ? ` — ${m.errorCode}: ${m.lastError ?? ''}` : '';
      out(
        `  ${m.team} ${m.localDate} ${m.kind.padEnd(7)} ${m.status.padEnd(7)} ${m.room} ${state} (attempts ${m.attempts})${error}`,
      );
    }
  }
  if (confirmed.length > 0) {
    out('');
    out(`confirmations to senders: ${confirmed.map((c) => `${c.count} ${c.status}`).join(', ')}`);
    for (const c of unconfirmed) {
      const error = c.errorCode ? ` — ${c.errorCode}: ${c.lastError ?? ''}` : '';
      out(`  #${c.id} ${c.team} ${c.recipient} ${c.status} (attempts ${c.attempts})${error}`);
    }
  }
  for (const [title, rows] of [
    ['recent failures (kept with their source for a retry)', failed],
    ['waiting for review (non-members, unverified senders): listscribe review', review],
  ] as const) {
    out('');
    out(title);
    if (rows.length === 0) out('  (none)');
    for (const r of rows) {
      out(
        `  #${r.id} ${r.receivedAt.toISOString()} ${r.author || '?'} "${r.subject}" — ${r.reason}: ${r.detail ?? ''}`,
      );
    }
  }
  return 0;
}
