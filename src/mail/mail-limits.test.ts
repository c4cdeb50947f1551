import { describe, expect, it } from 'vitest';
import {
  brokenCharsets,
  deepNesting,
  encodedWordBomb,
  headerFlood,
  hugeBase64Attachment,
  hugeBase64Text,
  injectionAttempt,
  partFlood,
} from '../../test/support/hostile-mail.js';
import { emptyContext, understandMail } from './extract.js';
import { normalizeMail } from './mail.normalize.js';
import { MAIL_LIMITS, MailLimitError } from './mail-limits.js';

async function limitCode(raw: Buffer): Promise<string | null> {
  try {
    await normalizeMail(raw);
    return null;
  } catch (error) {
    return error instanceof MailLimitError ? error.code : `not a limit: ${String(error)}`;
  }
}

describe('parsing hostile mail is bounded', () => {
  it('refuses MIME nested deeper than the part limit allows, with a stable code', async () => {
    expect(await limitCode(deepNesting(MAIL_LIMITS.maxParts + 50).raw)).toBe('MIME_TOO_MANY_PARTS');
  });

  it('still reads mail nested a few levels deep', async () => {
    const mail = await normalizeMail(deepNesting(12).raw);
    expect(mail.text).toContain('AI @fkr: dig');
  });

  it('refuses a message with more parts than the limit', async () => {
    expect(await limitCode(partFlood(MAIL_LIMITS.maxParts * 3).raw)).toBe('MIME_TOO_MANY_PARTS');
  });

  it('refuses a header flood larger than the header limit', async () => {
    expect(await limitCode(headerFlood(8_000).raw)).toBe('MIME_HEADER_TOO_LARGE');
  });

  it('refuses an encoded-word bomb larger than the header limit', async () => {
    expect(await limitCode(encodedWordBomb(20_000).raw)).toBe('MIME_HEADER_TOO_LARGE');
  });

  it('cuts a long subject and display name of encoded words to their limits', async () => {
    const mail = await normalizeMail(encodedWordBomb(2_000).raw);
    expect(mail.subject.length).toBe(MAIL_LIMITS.maxSubjectChars);
    expect(mail.from[0]?.name.length).toBe(MAIL_LIMITS.maxNameChars);
    expect(mail.from[0]?.address).toBe('garloff@example.org');
  });

  it('reads only the start of a huge base64 text body, and says so', async () => {
    const mail = await normalizeMail(hugeBase64Text(3 * MAIL_LIMITS.maxBodyChars).raw);
    expect(mail.text?.length).toBe(MAIL_LIMITS.maxBodyChars);
    expect(mail.defects).toContain(
      `text body longer than ${MAIL_LIMITS.maxBodyChars} characters: only its start is read`,
    );
    const { extraction } = understandMail(mail, emptyContext);
    expect(extraction.items).toContainEqual(expect.objectContaining({ kind: 'action', owners: ['fkr'] }));
  });

  it('reads the text next to a huge base64 attachment without keeping the attachment', async () => {
    const mail = await normalizeMail(hugeBase64Attachment(8_000_000).raw);
    expect(mail.text).toContain('look at the attachment');
    expect(mail.textAttachments).toEqual([]);
  });

  it('understands mail with lying charsets instead of failing on it', async () => {
    const mail = await normalizeMail(brokenCharsets().raw);
    const { extraction } = understandMail(mail, emptyContext);
    expect(extraction.skip).toBeNull();
    expect(extraction.subject).toContain('[decision] charsets are hard');
    expect(mail.text).toContain('check charsets');
  });

  it('never keeps CR or LF that encoded words smuggle into a subject or a name', async () => {
    const mail = await normalizeMail(injectionAttempt().raw);
    expect(mail.subject).toContain('Bcc: victim@example.net');
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.from[0]?.name).not.toMatch(/[\r\n]/);
  });

  it('gives up on a parse that outlives its deadline, with a retryable code', async () => {
    const error = await normalizeMail(hugeBase64Text(4_000_000).raw, { parseDeadlineMs: 0 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(MailLimitError);
    expect(error).toMatchObject({ code: 'PARSE_TIMEOUT', retryable: true });
  });
});
