import { ListscribeError } from '../shared/errors.js';

/**
 * Bounds on what one message may cost to parse. List mail is small and flat (a few KB
 * of headers, two or three parts); these sit far above it and far below what would
 * stall the worker. The download limit (`maxMessageBytes`) bounds the bytes; these
 * bound the structure and the text the pure core then reads.
 */
export const MAIL_LIMITS = {
  /** Header block of one MIME part (mailparser counts every line as at least 64 bytes). */
  maxHeadBytes: 256 * 1024,
  /** MIME parts in one message, however deep: nesting needs one part per level. */
  maxParts: 200,
  /**
   * Characters of the text (or HTML) body that are read. Commands sit at the top of a
   * reply and minutes are a few KB; the rest of a longer body is not read.
   */
  maxBodyChars: 1_000_000,
  /** Characters of a subject and of a display name. */
  maxSubjectChars: 2_000,
  maxNameChars: 200,
  /**
   * Wall time for parsing one message. Not reached by any structure the limits above
   * allow on a healthy machine; it exists so that nothing can hold the worker forever.
   */
  parseDeadlineMs: 30_000,
} as const;

export type MailLimitCode = 'MIME_HEADER_TOO_LARGE' | 'MIME_TOO_MANY_PARTS' | 'MIME_LIMIT' | 'PARSE_TIMEOUT';

/**
 * A message over one of the limits. Retrying the same bytes gives the same answer,
 * except after a timeout (the machine may have been busy).
 */
export class MailLimitError extends ListscribeError {
  constructor(code: MailLimitCode, message: string) {
    super(code, message, code === 'PARSE_TIMEOUT');
    this.name = 'MailLimitError';
  }
}

export const headerTooLarge = (): MailLimitError =>
  new MailLimitError(
    'MIME_HEADER_TOO_LARGE',
    `a header block is larger than ${MAIL_LIMITS.maxHeadBytes / 1024} KiB`,
  );

/** mailparser's own limits surface as EMAXLEN errors; give them our codes. */
export function limitErrorOf(error: unknown): MailLimitError | null {
  if (error instanceof MailLimitError) return error;
  if ((error as { code?: unknown } | null)?.code !== 'EMAXLEN') return null;
  const message = (error as Error).message;
  if (/header size/i.test(message)) return headerTooLarge();
  if (/child nodes/i.test(message)) {
    return new MailLimitError(
      'MIME_TOO_MANY_PARTS',
      `more than ${MAIL_LIMITS.maxParts} MIME parts (or nesting that deep)`,
    );
  }
  return new MailLimitError('MIME_LIMIT', message);
}
