import type { ComposedMail } from './compose.js';

/** Delivers a composed message: an SMTP server, or a folder of .eml files. */
export interface MailSender {
  readonly kind: 'smtp' | 'outbox';
  send(mail: ComposedMail, messageId: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * A failed delivery. `retryable` is the decision the digest ledger acts on: 4xx
 * replies and connection trouble are worth another try later; a 5xx reply is not.
 */
export class SendError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SendError';
  }
}
