/**
 * Starting and stopping a measured phase's process (bench/ingest-child.ts, compiled): shared by
 * `npm run bench` and `npm run bench:compare`.
 */
import { type ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChildInput, ChildReport } from './ingest-child.js';

export type Done = Extract<ChildReport, { type: 'done' }>;

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Starts the compiled child `file` on `input`; resolves with its report and the process, still running. */
export async function runChild(
  file: string,
  input: ChildInput,
  execArgv: string[] = [],
): Promise<{ report: Done; child: ChildProcess }> {
  const child = fork(file, [], {
    cwd: repoRoot,
    execArgv,
    env: { ...process.env, BENCH_CHILD_INPUT: JSON.stringify(input, bigintJson) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const report = await new Promise<Done>((resolve, reject) => {
    child.on('message', (m: ChildReport) => {
      if (m.type === 'done') resolve(m);
      else if (m.type === 'error') reject(new Error(`${input.mode} child failed: ${m.message}`));
    });
    child.on('exit', (code) => reject(new Error(`${input.mode} child exited with ${code}`)));
  });
  return { report, child };
}

/** Asks a child to stop (an ingest child waits for that after its report) and waits; kills it after 15 s. */
export async function endChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.send('stop');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

const bigintJson = (_key: string, value: unknown): unknown =>
  typeof value === 'bigint' ? value.toString() : value;
