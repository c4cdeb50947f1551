import { createReadStream } from 'node:fs';
import type { RawFileMessage } from './source.types.js';

const NL = 0x0a;
const FROM_ = Buffer.from('From ');

export interface MboxProgress {
  bytesRead: number;
  messages: number;
}

/**
 * Streams the messages of an mbox file, one Buffer each, holding only the current
 * message in memory (a 1 GB archive is fine).
 *
 * A message starts at a "From " line at the start of the file or after an empty
 * line (mboxo/mboxrd as written by Mailman's archives, Thunderbird and
 * Google Takeout). Body lines that were escaped as ">From " (mboxrd: any number of
 * ">") lose one ">", which is exact for mboxrd and the best possible for mboxo.
 */
export async function* readMbox(
  file: string,
  onProgress?: (progress: MboxProgress) => void,
): AsyncGenerator<RawFileMessage> {
  let pending = Buffer.alloc(0);
  let lines: Buffer[] = [];
  let previousBlank = true;
  let started = false;
  let count = 0;
  let bytesRead = 0;
  let index = 0;

  const finish = (): RawFileMessage | null => {
    if (!started) return null;
    // The empty line before the next "From " belongs to the separator.
    while (lines.length && isBlank(lines[lines.length - 1]!)) lines.pop();
    const raw = Buffer.concat(lines);
    lines = [];
    count++;
    return raw.length ? { raw, origin: `mbox:${file}#${index}` } : null;
  };

  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    bytesRead += (chunk as Buffer).length;
    let buffer = pending.length ? Buffer.concat([pending, chunk as Buffer]) : (chunk as Buffer);
    let start = 0;
    for (let nl = buffer.indexOf(NL, start); nl !== -1; nl = buffer.indexOf(NL, start)) {
      const line = buffer.subarray(start, nl + 1);
      start = nl + 1;
      if (previousBlank && startsWith(line, FROM_)) {
        const message = finish();
        if (message) yield message;
        started = true;
        index++;
        previousBlank = false;
        continue;
      }
      previousBlank = isBlank(line);
      if (started) lines.push(unescapeFrom(line));
    }
    pending = Buffer.from(buffer.subarray(start));
    buffer = Buffer.alloc(0);
    onProgress?.({ bytesRead, messages: count });
  }
  if (pending.length && started) lines.push(unescapeFrom(pending));
  const last = finish();
  if (last) yield last;
  onProgress?.({ bytesRead, messages: count });
}

/** True when the file starts like an mbox ("From " postmark line). */
export function looksLikeMbox(head: Buffer): boolean {
  return startsWith(head, FROM_);
}

function startsWith(line: Buffer, prefix: Buffer): boolean {
  return line.length >= prefix.length && line.subarray(0, prefix.length).equals(prefix);
}

function isBlank(line: Buffer): boolean {
  return (
    line.length === 0 || (line.length === 1 && line[0] === NL) || (line.length === 2 && line[0] === 0x0d)
  );
}

function unescapeFrom(line: Buffer): Buffer {
  if (line[0] !== 0x3e /* > */) return line;
  let i = 0;
  while (line[i] === 0x3e) i++;
  return startsWith(line.subarray(i), FROM_) ? line.subarray(1) : line;
}
