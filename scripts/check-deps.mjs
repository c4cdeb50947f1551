#!/usr/bin/env node
/**
 * Dependency floors for advisories we know about, checked in the installed tree.
 *
 *   node scripts/check-deps.mjs            every installed copy of a floored package is at or above its floor
 *   node scripts/check-deps.mjs --audit    also `npm audit --omit=dev`: fails on findings when the advisory
 *                                          endpoint answers, and says so plainly when it cannot be reached
 *
 * `npm audit` needs the registry's advisory endpoint, which some networks (CI sandboxes, mirrors)
 * do not offer; the floors need nothing but `npm ls`, so they always run. Exit code 1 on any
 * copy below its floor or any audit finding, 2 when the tree cannot be read.
 *
 * For tests: --tree FILE reads `npm ls --all --json` output from FILE, --audit-json FILE the
 * output of `npm audit --json`.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';

/** Package → lowest version without the advisories we track (and why). */
export const FLOORS = {
  nodemailer: { version: '9.1.1', why: 'published advisories affect every version below it' },
  handlebars: { version: '4.7.9', why: 'the 2026 advisories affect every version below it' },
};

const run = promisify(execFile);

/** Every installed copy of `name`, with the chain of packages that pulled it in. */
export function copiesOf(tree, name) {
  const found = [];
  const visit = (node, trail) => {
    for (const [child, info] of Object.entries(node.dependencies ?? {})) {
      if (!info || typeof info !== 'object') continue;
      const path = [...trail, child];
      if (child === name && typeof info.version === 'string') found.push({ version: info.version, path });
      visit(info, path);
    }
  };
  visit(tree, []);
  return found;
}

/** -1, 0 or 1; a pre-release sorts before its release (9.1.1-beta < 9.1.1). */
export function compareVersions(a, b) {
  const parse = (v) => {
    const [core, pre] = v.split('-', 2);
    return { parts: core.split('.').map((n) => Number.parseInt(n, 10) || 0), pre: pre ?? null };
  };
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < 3; i++) {
    const d = (x.parts[i] ?? 0) - (y.parts[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  if (x.pre === y.pre) return 0;
  if (x.pre === null) return 1;
  if (y.pre === null) return -1;
  return x.pre < y.pre ? -1 : 1;
}

export function checkFloors(tree, floors = FLOORS) {
  const lines = [];
  let failed = false;
  for (const [name, floor] of Object.entries(floors)) {
    const copies = copiesOf(tree, name);
    if (copies.length === 0) {
      lines.push(`FAIL ${name}: not installed (floor ${floor.version}); run npm ci`);
      failed = true;
    }
    for (const copy of copies) {
      const ok = compareVersions(copy.version, floor.version) >= 0;
      if (!ok) failed = true;
      const via = copy.path.length > 1 ? ` via ${copy.path.slice(0, -1).join(' > ')}` : '';
      lines.push(
        `${ok ? 'ok  ' : 'FAIL'} ${name} ${copy.version}${via} (floor ${floor.version}${ok ? '' : `: ${floor.why}`})`,
      );
    }
  }
  return { failed, lines };
}

/** What `npm audit --json` said: findings, or that the endpoint could not be asked. */
export function readAudit(report) {
  const counts = report?.metadata?.vulnerabilities;
  if (counts && typeof counts.total === 'number') {
    const found = Object.entries(report.vulnerabilities ?? {}).map(
      ([name, v]) => `${name} (${v.severity}${v.range ? `, ${v.range}` : ''})`,
    );
    return { reachable: true, total: counts.total, found };
  }
  const reason = report?.message ?? report?.error?.summary ?? 'no audit report';
  return { reachable: false, reason: String(reason).split('\n')[0] };
}

async function jsonOf(file, command, args) {
  if (file) return JSON.parse(await readFile(file, 'utf8'));
  // Both commands exit non-zero on findings and still print their JSON.
  const output = await run(command, args, { maxBuffer: 256 * 1024 * 1024 }).catch((error) => error);
  try {
    return JSON.parse(output.stdout);
  } catch {
    return { message: (output.stderr || String(output)).trim() };
  }
}

async function main(argv) {
  const option = (name) => {
    const at = argv.indexOf(name);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  let exitCode = 0;
  const tree = await jsonOf(option('--tree'), 'npm', ['ls', '--all', '--json']);
  if (!tree.dependencies) {
    console.log(`check-deps: cannot read the installed tree: ${tree.message ?? 'npm ls gave nothing'}`);
    return 2;
  }
  const floors = checkFloors(tree);
  for (const line of floors.lines) console.log(line);
  if (floors.failed) exitCode = 1;

  if (argv.includes('--audit') || option('--audit-json')) {
    const audit = readAudit(await jsonOf(option('--audit-json'), 'npm', ['audit', '--omit=dev', '--json']));
    if (!audit.reachable) {
      // npm's reason names the endpoint's URL; the status is what an operator needs.
      const reason = String(audit.reason)
        .replace(/\s*-?\s*(POST|GET)?\s*https?:\/\/\S+/g, '')
        .trim();
      console.log(`npm audit: NOT RUN, the advisory endpoint could not be reached (${reason})`);
      console.log('npm audit: only the floors above were checked');
    } else if (audit.total > 0) {
      console.log(`npm audit: ${audit.total} finding(s): ${audit.found.join(', ')}`);
      exitCode = 1;
    } else {
      console.log('npm audit: no findings in production dependencies');
    }
  }
  console.log(exitCode === 0 ? 'check-deps: ok' : 'check-deps: FAILED');
  return exitCode;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await main(process.argv.slice(2));
}
