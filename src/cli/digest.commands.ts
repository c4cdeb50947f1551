import { writeFile } from 'node:fs/promises';
import type { App } from '../app/app.js';
import { ConfigError } from '../config/config.loader.js';
import { composeMail } from '../delivery/compose.js';
import type { DigestKind } from '../digests/digests.repository.js';
import { buildDigest, digestMessageId, meetingFor, sendNow } from '../digests/digests.usecases.js';
import { createMatrixPostsRepository } from '../digests/matrix-posts.repository.js';
import { postDueMatrix } from '../digests/matrix-posts.usecases.js';
import { fixedClock } from '../shared/clock.js';

export interface DigestCommandOptions {
  team?: string;
  at?: string;
  out?: string;
  dryRun?: boolean;
}

function parseKind(kind: string): DigestKind {
  if (kind !== 'agenda' && kind !== 'minutes')
    throw new ConfigError(`digest kind must be "agenda" or "minutes", not "${kind}"`);
  return kind;
}

function parseAt(at: string | undefined, app: App): Date {
  if (!at) return app.clock.now();
  const date = new Date(at);
  if (Number.isNaN(date.getTime()))
    throw new ConfigError(`--at: "${at}" is not a date and time (e.g. 2023-12-10T15:00)`);
  return date;
}

async function target(app: App, kindText: string, options: DigestCommandOptions) {
  const kind = parseKind(kindText);
  const team = options.team ?? app.teams[0]!.slug;
  if (!app.teams.some((t) => t.slug === team))
    throw new ConfigError(`--team: no team "${team}" is configured`);
  if ((app.plans.get(team) ?? []).length === 0) {
    throw new ConfigError(
      `${app.configFile}: teams.${team}.meetings: no meetings are configured for this team`,
    );
  }
  const at = parseAt(options.at, app);
  const meeting = await meetingFor(app.digestDeps(), team, kind, at);
  if (!meeting)
    throw new ConfigError(
      `no ${kind === 'agenda' ? 'meeting after' : 'meeting before'} ${at.toISOString()} for team ${team}`,
    );
  return { kind, team, at, meeting };
}

/** `listscribe preview agenda|minutes`: the digest that would go out, as text, .eml or .html. */
export async function previewCommand(
  app: App,
  kindText: string,
  options: DigestCommandOptions,
  out: (line: string) => void,
) {
  const { kind, at, meeting } = await target(app, kindText, options);
  const deps = { ...app.digestDeps(), clock: fixedClock(at) };
  const digest = await buildDigest(deps, kind, meeting);
  if (options.out?.endsWith('.html')) {
    await writeFile(options.out, digest.html);
    out(`wrote ${options.out}`);
  } else if (options.out) {
    const team = app.teams.find((t) => t.slug === meeting.team)!;
    const mail = await composeMail({
      from: { name: `listscribe for ${team.name}`, address: team.address },
      to: [team.list],
      subject: digest.subject,
      text: digest.text,
      html: digest.html,
      attachments: digest.attachments,
      messageId: digestMessageId(kind, meeting, team.address),
      inReplyTo: null,
      references: [],
      date: at,
      listscribeHeader: `${kind}; team=${team.slug}`,
    });
    await writeFile(options.out, mail.raw);
    out(`wrote ${options.out}`);
  } else {
    out(`Subject: ${digest.subject}`);
    out('');
    out(digest.text.trimEnd());
    for (const attachment of digest.attachments) out(`\n[attached: ${attachment.filename}]`);
  }
  return 0;
}

/**
 * The mail is out; post it to the team's room now too rather than at the worker's
 * next pass (with the embedded database no worker runs while `send` does). A post
 * that fails stays in the ledger for the worker to retry; `send` still succeeded.
 */
async function postToMatrixNow(app: App, digestId: number, out: (line: string) => void): Promise<void> {
  const repo = createMatrixPostsRepository(app.db.db);
  if (!(await repo.forDigest(digestId))) return;
  await postDueMatrix({ ...app.digestDeps(), posters: app.matrixPosters });
  const post = await repo.forDigest(digestId);
  if (post?.status === 'sent') out(`posted it to the Matrix room ${post.room} (event ${post.eventId})`);
  else if (post) out(`not posted to Matrix yet (${post.status}): ${post.errorCode}: ${post.lastError}`);
}

/** `listscribe send agenda|minutes`: send one digest now, once. */
export async function sendCommand(
  app: App,
  kindText: string,
  options: DigestCommandOptions,
  out: (line: string) => void,
) {
  if (options.dryRun) return previewCommand(app, kindText, { ...options, out: undefined }, out);
  const { kind, meeting } = await target(app, kindText, options);
  const result = await sendNow(app.digestDeps(), kind, meeting);
  const what = `${kind} digest of ${meeting.team} ${meeting.localDate}`;
  switch (result.status) {
    case 'sent':
      out(`sent the ${what} (Message-ID <${result.digest.messageId}>)`);
      await postToMatrixNow(app, result.digest.id, out);
      return 0;
    case 'already-sent':
      out(`the ${what} was already sent at ${result.digest.sentAt?.toISOString()}; not sending it twice`);
      return 1;
    case 'busy':
      out(`the ${what} is being sent by another worker right now`);
      return 1;
    default:
      out(
        `the ${what} was not sent (${result.status}): ${result.digest.errorCode}: ${result.digest.lastError}`,
      );
      // A digest whose mail failed for good still goes to the room (see deliverClaimed).
      await postToMatrixNow(app, result.digest.id, out);
      return 1;
  }
}
