import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const script = path.resolve(import.meta.dirname, '../scripts/check-deps.mjs');

/** The floor check as CI runs it, on trees and audit reports written here. */
describe('scripts/check-deps.mjs', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'listscribe-deps-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function check(files: Record<string, unknown>, ...args: string[]) {
    const paths: string[] = [];
    for (const [name, content] of Object.entries(files)) {
      const file = path.join(dir, `${name}.json`);
      await writeFile(file, JSON.stringify(content));
      paths.push(`--${name}`, file);
    }
    try {
      const { stdout } = await run('node', [script, ...paths, ...args]);
      return { stdout, code: 0 };
    } catch (error) {
      const e = error as { stdout: string; code: number };
      return { stdout: e.stdout, code: e.code };
    }
  }

  const tree = (mailparserNodemailer: string) => ({
    name: 'listscribe',
    dependencies: {
      nodemailer: { version: '10.6.1' },
      handlebars: { version: '4.7.10' },
      mailparser: { version: '3.14.2', dependencies: { nodemailer: { version: mailparserNodemailer } } },
    },
  });

  it('passes when every copy is at or above its floor', async () => {
    const { stdout, code } = await check({ tree: tree('9.1.1') });
    expect(code).toBe(0);
    expect(stdout).toContain('ok   nodemailer 9.1.1 via mailparser (floor 9.1.1)');
    expect(stdout).toContain('check-deps: ok');
  });

  it('fails on a copy below its floor that another package pulled in, naming the chain', async () => {
    const { stdout, code } = await check({ tree: tree('6.9.16') });
    expect(code).toBe(1);
    expect(stdout).toMatch(/^FAIL nodemailer 6\.9\.16 via mailparser \(floor 9\.1\.1: /m);
  });

  it('counts a pre-release of the floor as below it', async () => {
    expect((await check({ tree: tree('9.1.1-beta.1') })).code).toBe(1);
  });

  it('fails when a floored package is missing altogether', async () => {
    const { stdout, code } = await check({ tree: { dependencies: { nodemailer: { version: '10.6.1' } } } });
    expect(code).toBe(1);
    expect(stdout).toContain('FAIL handlebars: not installed');
  });

  it('fails on audit findings when the advisory endpoint answered', async () => {
    const audit = {
      auditReportVersion: 2,
      vulnerabilities: { 'some-lib': { severity: 'high', range: '<2.0.0' } },
      metadata: { vulnerabilities: { info: 0, low: 0, moderate: 0, high: 1, critical: 0, total: 1 } },
    };
    const { stdout, code } = await check({ tree: tree('10.6.1'), 'audit-json': audit });
    expect(code).toBe(1);
    expect(stdout).toContain('npm audit: 1 finding(s): some-lib (high, <2.0.0)');
  });

  it('says plainly that the audit did not run when the endpoint cannot be reached, and still checks floors', async () => {
    const unreachable = { message: '405 Method Not Allowed - POST /-/npm/v1/security/advisories/bulk' };
    const { stdout, code } = await check({ tree: tree('10.6.1'), 'audit-json': unreachable });
    expect(code).toBe(0);
    expect(stdout).toContain(
      'npm audit: NOT RUN, the advisory endpoint could not be reached (405 Method Not Allowed',
    );
    expect(stdout).toContain('ok   nodemailer 10.6.1 via mailparser');
  });
});
