import { mkdir, readdir, readFile, rename, stat } from 'node:fs/promises';
import path from 'node:path';
import type { RawFileMessage } from './source.types.js';

/**
 * Maildir (https://cr.yp.to/proto/maildir.html): deliveries land in new/; a reader
 * moves a message to cur/ with an info suffix once it has taken it. We move only
 * after the message is committed to the database, so a crash re-reads it and the
 * Message-ID key makes that harmless.
 */
export async function ensureMaildir(dir: string): Promise<void> {
  await Promise.all(['new', 'cur', 'tmp'].map((sub) => mkdir(path.join(dir, sub), { recursive: true })));
}

export function isMaildir(entries: readonly string[]): boolean {
  return entries.includes('new') && entries.includes('cur');
}

/** Messages waiting in new/, oldest first (file names start with a timestamp; mtime breaks ties). */
export async function listNew(dir: string): Promise<string[]> {
  const folder = path.join(dir, 'new');
  const names = (await readdir(folder)).filter((n) => !n.startsWith('.'));
  const withTimes = await Promise.all(
    names.map(async (name) => ({ name, mtime: (await stat(path.join(folder, name))).mtimeMs })),
  );
  withTimes.sort((a, b) => a.mtime - b.mtime || a.name.localeCompare(b.name));
  return withTimes.map((entry) => path.join(folder, entry.name));
}

/** Marks a message as seen: new/NAME → cur/NAME:2,S. */
export async function markSeen(file: string): Promise<void> {
  const dir = path.dirname(path.dirname(file));
  const name = path.basename(file);
  await rename(file, path.join(dir, 'cur', name.includes(':2,') ? name : `${name}:2,S`));
}

/** Every message of a Maildir, new/ and cur/, for a backfill import. */
export async function* readMaildir(dir: string): AsyncGenerator<RawFileMessage> {
  for (const sub of ['cur', 'new']) {
    const folder = path.join(dir, sub);
    const names = (await readdir(folder)).filter((n) => !n.startsWith('.')).sort();
    for (const name of names) {
      const file = path.join(folder, name);
      yield { raw: await readFile(file), origin: `maildir:${file}` };
    }
  }
}
