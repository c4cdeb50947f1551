import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';

export interface FolderLock {
  release(): void;
}

export class FolderLockedError extends Error {
  readonly code = 'DATA_DIR_LOCKED';
}

/**
 * An exclusive lock on a folder by a lock file holding our pid. A lock left behind
 * by a process that no longer runs (a crash, SIGKILL) is taken over.
 */
export function acquireFolderLock(dir: string, what: string): FolderLock {
  const file = path.join(dir, 'listscribe.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      let released = false;
      const release = (): void => {
        if (released) return;
        released = true;
        rmSync(file, { force: true });
        process.off('exit', release);
      };
      process.on('exit', release);
      return { release };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number.parseInt(readFileSync(file, 'utf8'), 10);
      if (Number.isInteger(holder) && holder !== process.pid && isAlive(holder)) {
        throw new FolderLockedError(
          `${dir}: ${what} is in use by another listscribe process (pid ${holder}); stop it first, or use PostgreSQL (DATABASE_URL) to run several processes`,
        );
      }
      if (holder === process.pid) {
        throw new FolderLockedError(`${dir}: ${what} is already open in this process`);
      }
      rmSync(file, { force: true });
    }
  }
  throw new FolderLockedError(`${dir}: could not lock ${what}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
