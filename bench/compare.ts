/**
 * `npm run bench:compare -- --against <git revision> [--messages N] [--rounds N] [--seed N]`
 *
 * Is a change to ingest faster? One full `npm run bench` per version cannot say: on a shared
 * virtual machine the baseline of two runs minutes apart differs by 20–40 %, more than most
 * changes gain. This runs both versions against one Dovecot holding one corpus, interleaved
 * (baseline, A, B, then baseline, B, A, …), each phase in a fresh process and a fresh
 * PostgreSQL database, and prints every round and the medians: the rate, the ratio to the
 * baseline of the same rounds, and CPU per message (which moves less than wall time).
 *
 * A is the revision given (checked out into a temporary git worktree), B is the working tree.
 * Both must have bench/ingest-child.ts; node_modules is the working tree's.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { dovecotAvailable, startDovecot } from '../test/support/dovecot.js';
import { adminUrl } from '../test/support/postgres-server.js';
import { positiveIntFlag } from './args.js';
import { type Done, endChild, runChild } from './child.js';
import { type CompiledTree, compileForBench } from './compile.js';
import { corpusMessage, TEAM } from './corpus.js';
import type { ChildInput } from './ingest-child.js';
import { round } from './stats.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ENTRIES = ['bench/ingest-child.ts', 'bench/cpu.ts'];

function parseArgs(argv: string[]): { against: string; messages: number; rounds: number; seed: number } {
  const i = argv.indexOf('--against');
  const against = i >= 0 ? argv[i + 1] : undefined;
  if (!against) throw new Error('--against <git revision> is required (e.g. --against HEAD)');
  return {
    against,
    messages: positiveIntFlag(argv, '--messages', 3000),
    rounds: positiveIntFlag(argv, '--rounds', 4),
    seed: positiveIntFlag(argv, '--seed', 20231211),
  };
}

/** Runs one phase to its report, then stops the child (ingest children wait for "stop"). */
async function phase(file: string, input: ChildInput): Promise<Done> {
  const { report, child } = await runChild(file, input);
  await endChild(child);
  return report;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const available = dovecotAvailable();
  if (!available.ok) throw new Error(available.why);
  const rev = execFileSync('git', ['rev-parse', '--short', args.against], {
    cwd: repoRoot,
    encoding: 'utf8',
  }).trim();
  const worktree = await mkdtemp(path.join(os.tmpdir(), 'listscribe-compare-'));
  execFileSync('git', ['worktree', 'add', '--detach', '--quiet', worktree, rev], { cwd: repoRoot });
  await symlink(path.join(repoRoot, 'node_modules'), path.join(worktree, 'node_modules'), 'dir');
  const admin = postgres(adminUrl(), { max: 1, onnotice: () => {} });
  const trees: CompiledTree[] = [];
  const dovecot = await startDovecot({ spareUsers: 1 });
  try {
    // Revisions before bench/cpu.ts existed compile without it.
    const a = await compileForBench(
      worktree,
      ENTRIES.filter((e) => existsSync(path.join(worktree, e))),
    );
    trees.push(a);
    const b = await compileForBench(repoRoot, ENTRIES);
    trees.push(b);
    const user = await dovecot.addUser();
    const imap = { host: dovecot.host, port: dovecot.imapPort, user: user.user, pass: user.pass };
    const corpus = { seed: args.seed, maxAttachmentBytes: 2 * 1024 * 1024 };
    for (let from = 0; from < args.messages; from += 250) {
      const chunk = [];
      for (let i = from; i < Math.min(args.messages, from + 250); i++)
        chunk.push(corpusMessage(corpus, i).raw);
      await dovecot.appendMany(user.user, chunk);
    }
    const db = `listscribe_compare_${process.pid}`;
    const run = async (which: 'base' | 'A' | 'B'): Promise<Done> => {
      if (which === 'base') return phase(a.file('bench/ingest-child.ts'), { mode: 'baseline', imap });
      await admin.unsafe(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
      await admin.unsafe(`CREATE DATABASE ${db}`);
      const tree = which === 'A' ? a : b;
      const report = await phase(tree.file('bench/ingest-child.ts'), {
        mode: 'ingest',
        imap,
        db: { kind: 'postgres', url: adminUrl(db) },
        team: TEAM,
      });
      if (report.messages !== args.messages)
        throw new Error(`${which} stored ${report.messages} of ${args.messages} messages`);
      return report;
    };
    await run('base'); // the first FETCH after the APPENDs builds Dovecot's caches
    const rates = { base: [] as number[], A: [] as number[], B: [] as number[] };
    const cpu = { base: [] as number[], A: [] as number[], B: [] as number[] };
    process.stdout.write(`A = ${rev} (${args.against}), B = working tree; ${args.messages} messages\n`);
    for (let r = 0; r < args.rounds; r++) {
      for (const which of r % 2 === 0 ? (['base', 'A', 'B'] as const) : (['base', 'B', 'A'] as const)) {
        const report = await run(which);
        const rate = args.messages / report.seconds;
        const cpuMs = (report.cpuSeconds * 1000) / args.messages;
        rates[which].push(rate);
        cpu[which].push(cpuMs);
        process.stdout.write(
          `round ${r + 1} ${which.padEnd(4)} ${round(rate, 0)} msg/s, CPU ${round(cpuMs, 2)} ms/msg, peak RSS ${round(report.peakRssMB, 0)} MB\n`,
        );
      }
    }
    const base = median(rates.base);
    const line = (which: 'A' | 'B'): string =>
      `${which}: ${round(median(rates[which]), 0)} msg/s = ${round(median(rates[which]) / base, 2)}x baseline, CPU ${round(median(cpu[which]), 2)} ms/msg`;
    process.stdout.write(
      `\nmedians: baseline ${round(base, 0)} msg/s, CPU ${round(median(cpu.base), 2)} ms/msg\n${line('A')}\n${line('B')}\n`,
    );
  } finally {
    await dovecot.stop().catch(() => {});
    await admin.end();
    for (const tree of trees) await tree.remove();
    execFileSync('git', ['worktree', 'remove', '--force', worktree], { cwd: repoRoot });
    await rm(worktree, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`[compare] ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
