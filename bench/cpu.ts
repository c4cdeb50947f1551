/**
 * Where a phase's CPU went, machine-wide: the measuring process, Dovecot, PostgreSQL and the rest
 * (the kernel's loopback networking and page cache, everything else on the machine). Read from
 * /proc, so Linux only; elsewhere `snapshot` returns null and the bench prints no split.
 *
 * A process that exits between two snapshots is not lost: its time moves into its parent's
 * cutime/cstime when the parent reaps it (Dovecot's master reaps its imap processes, the
 * postmaster its backends), and those are counted with the parent.
 */
import { readdirSync, readFileSync } from 'node:fs';

export type CpuSplit = { dovecot: number; postgres: number; machine: number };

const DOVECOT = new Set(['dovecot', 'imap', 'imap-login', 'auth', 'anvil', 'log', 'config', 'stats', 'lmtp']);

/** Seconds of CPU used so far by Dovecot's and PostgreSQL's processes, and by the whole machine. */
export function snapshot(): CpuSplit | null {
  let stat: string;
  try {
    stat = readFileSync('/proc/stat', 'utf8');
  } catch {
    return null;
  }
  const ticks = 100; // USER_HZ: 100 on every Linux architecture Node runs on
  const cpu = stat.slice(0, stat.indexOf('\n')).trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal: busy is all but idle and iowait.
  const busy = cpu.slice(0, 8).reduce((sum, v, i) => (i === 3 || i === 4 ? sum : sum + v), 0);
  const split: CpuSplit = { dovecot: 0, postgres: 0, machine: busy / ticks };
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let line: string;
    try {
      line = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited since readdir
    }
    const open = line.indexOf('(');
    const close = line.lastIndexOf(')');
    const comm = line.slice(open + 1, close);
    const kind = DOVECOT.has(comm) ? 'dovecot' : comm === 'postgres' ? 'postgres' : null;
    if (!kind) continue;
    // Fields after the comm: state is field 3, utime 14, stime 15, cutime 16, cstime 17.
    const fields = line.slice(close + 2).split(' ');
    const seconds = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0) / ticks;
    split[kind] += seconds;
  }
  return split;
}

export function since(before: CpuSplit | null, after: CpuSplit | null): CpuSplit | null {
  if (!before || !after) return null;
  return {
    dovecot: after.dovecot - before.dovecot,
    postgres: after.postgres - before.postgres,
    machine: after.machine - before.machine,
  };
}
