import { createHash } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ComposedMail } from './compose.js';
import { type MailSender, SendError } from './sender.types.js';

/**
 * The embedded default: each digest becomes an .eml file in a folder. The file name
 * comes from the Message-ID, so a resend after a crash replaces the same file
 * instead of adding a second copy; written to a temp name and renamed, so a reader
 * never sees half a message.
 */
export function createOutboxSender(dir: string): MailSender {
  return {
    kind: 'outbox',
    async send(mail: ComposedMail, messageId: string): Promise<void> {
      try {
        await mkdir(dir, { recursive: true });
        const name = `${safeName(messageId)}.eml`;
        const temp = path.join(dir, `.${name}.${process.pid}.tmp`);
        await writeFile(temp, mail.raw);
        await rename(temp, path.join(dir, name));
      } catch (error) {
        throw new SendError('OUTBOX_WRITE', `cannot write to ${dir}: ${(error as Error).message}`, true, {
          cause: error,
        });
      }
    },
    close: async () => {},
  };
}

function safeName(messageId: string): string {
  const readable = messageId
    .split('@')[0]!
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .slice(0, 80);
  const hash = createHash('sha256').update(messageId).digest('hex').slice(0, 8);
  return `${readable}-${hash}`;
}
