import { writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireFolderLock, FolderLockedError } from './folder-lock.js';

const tempDir = () => mkdtemp(path.join(os.tmpdir(), 'listscribe-lock-'));

describe('the data folder lock', () => {
  it('refuses a second process while the first is alive, naming its pid', async () => {
    const dir = await tempDir();
    // Our parent process is alive and is not us: it stands in for another listscribe.
    writeFileSync(path.join(dir, 'listscribe.lock'), `${process.ppid}\n`);
    expect(() => acquireFolderLock(dir, 'the embedded database')).toThrow(FolderLockedError);
    expect(() => acquireFolderLock(dir, 'the embedded database')).toThrow(
      `the embedded database is in use by another listscribe process (pid ${process.ppid})`,
    );
  });

  it('takes over a lock left by a process that no longer runs', async () => {
    const dir = await tempDir();
    writeFileSync(path.join(dir, 'listscribe.lock'), '2147483646\n');
    const lock = acquireFolderLock(dir, 'the embedded database');
    lock.release();
  });

  it('can be taken again after release', async () => {
    const dir = await tempDir();
    acquireFolderLock(dir, 'x').release();
    acquireFolderLock(dir, 'x').release();
  });
});
