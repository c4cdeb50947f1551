import { open, readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import {
  emptyReport,
  type IncomingMessage,
  type IngestDeps,
  type IngestReport,
  ingestMessages,
} from './ingest.usecases.js';
import { isMaildir, readMaildir } from './maildir.js';
import { looksLikeMbox, readMbox } from './mbox.reader.js';
import type { RawFileMessage } from './source.types.js';

export interface ImportProgress {
  path: string;
  messages: number;
  bytesRead: number;
  totalBytes: number;
}

/**
 * Backfill from files: mbox archives (streamed), Maildir folders, single .eml files,
 * or a folder of .eml files. Messages are written in batches; importing the same
 * archive again changes nothing (Message-ID keys).
 */
export async function importPaths(
  deps: IngestDeps & { batchSize: number; maxMessageBytes: number },
  paths: readonly string[],
  onProgress?: (progress: ImportProgress) => void,
): Promise<IngestReport> {
  const total = emptyReport();
  for (const target of paths) {
    const info = await stat(target);
    let batch: IncomingMessage[] = [];
    let messages = 0;
    let bytesRead = 0;
    const flush = async (): Promise<void> => {
      if (batch.length === 0) return;
      const report = await ingestMessages(deps, batch);
      for (const key of Object.keys(total) as Array<keyof IngestReport>) total[key] += report[key];
      batch = [];
      onProgress?.({ path: target, messages, bytesRead, totalBytes: info.size });
    };
    for await (const message of await messagesOf(target, info.isDirectory(), (read) => {
      bytesRead = read;
    })) {
      messages++;
      const tooLarge = message.raw.length > deps.maxMessageBytes;
      batch.push({ raw: tooLarge ? null : message.raw, size: message.raw.length, origin: message.origin });
      if (batch.length >= deps.batchSize) await flush();
    }
    await flush();
    onProgress?.({ path: target, messages, bytesRead: info.size, totalBytes: info.size });
  }
  return total;
}

async function messagesOf(
  target: string,
  isDirectory: boolean,
  onBytes: (bytesRead: number) => void,
): Promise<AsyncIterable<RawFileMessage>> {
  if (isDirectory) {
    const entries = await readdir(target);
    return isMaildir(entries) ? readMaildir(target) : readEmlFolder(target, entries);
  }
  const handle = await open(target);
  const head = Buffer.alloc(5);
  try {
    await handle.read(head, 0, 5, 0);
  } finally {
    await handle.close();
  }
  if (looksLikeMbox(head)) return readMbox(target, (p) => onBytes(p.bytesRead));
  return readEmlFolder(path.dirname(target), [path.basename(target)]);
}

async function* readEmlFolder(dir: string, names: readonly string[]): AsyncGenerator<RawFileMessage> {
  for (const name of [...names].sort()) {
    const file = path.join(dir, name);
    if (!(await stat(file)).isFile()) continue;
    yield { raw: await readFile(file), origin: `eml:${file}` };
  }
}
