import nodemailer from 'nodemailer';
import type { ComposedMail } from './compose.js';
import { type MailSender, SendError } from './sender.types.js';

export interface SmtpOptions {
  host: string;
  port: number;
  /** Implicit TLS (465). Otherwise STARTTLS is used when offered (or required with requireTls). */
  secure: boolean;
  requireTls: boolean;
  ignoreTls: boolean;
  tlsRejectUnauthorized: boolean;
  user: string | null;
  password: string | null;
  /** Give up on a connection or a reply after this long (also after DATA). */
  timeoutMs: number;
}

/** Connection-level failures nodemailer reports by code: all worth another try. */
const RETRYABLE_CODES = new Set([
  'ECONNECTION',
  'ETIMEDOUT',
  'ESOCKET',
  'EDNS',
  'ECONNRESET',
  'ECONNREFUSED',
]);

export function createSmtpSender(options: SmtpOptions): MailSender {
  const transport = nodemailer.createTransport({
    host: options.host,
    port: options.port,
    secure: options.secure,
    requireTLS: options.requireTls,
    ignoreTLS: options.ignoreTls,
    tls: { rejectUnauthorized: options.tlsRejectUnauthorized },
    auth: options.user ? { user: options.user, pass: options.password ?? '' } : undefined,
    connectionTimeout: options.timeoutMs,
    greetingTimeout: options.timeoutMs,
    socketTimeout: options.timeoutMs,
  });
  return {
    kind: 'smtp',
    async send(mail: ComposedMail): Promise<void> {
      try {
        await transport.sendMail({ envelope: mail.envelope, raw: mail.raw });
      } catch (error) {
        throw classify(error);
      }
    },
    close: async () => transport.close(),
  };
}

export function classify(error: unknown): SendError {
  const e = error as { code?: string; responseCode?: number; message?: string };
  const message = e.message ?? String(error);
  if (typeof e.responseCode === 'number') {
    const permanent = e.responseCode >= 500;
    return new SendError(`SMTP_${e.responseCode}`, message, !permanent, { cause: error });
  }
  const code = e.code ?? 'SMTP_ERROR';
  return new SendError(code, message, RETRYABLE_CODES.has(code) || code === 'SMTP_ERROR', { cause: error });
}
