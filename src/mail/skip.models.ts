import type { NormalizedMail, Skip } from './mail.types.js';

/**
 * Why a message must not be acted on, or null. Order matters: the most specific
 * reason wins, so an auto-reply to our own digest reads "auto-reply", and a DSN
 * that also says "Auto-Submitted" reads "bounce".
 */
export function detectSkip(mail: NormalizedMail, ownAddresses: readonly string[]): Skip | null {
  return senderProblem(mail) ?? ownMessage(mail, ownAddresses) ?? bounce(mail) ?? autoReply(mail) ?? null;
}

function senderProblem(mail: NormalizedMail): Skip | null {
  const fromHeaders = mail.headers.get('from') ?? [];
  if (fromHeaders.length > 1) {
    return { reason: 'multiple-from', detail: `${fromHeaders.length} From headers` };
  }
  if (mail.from.length > 1) {
    // RFC 5322 allows several authors, but then nobody in particular is acting.
    return { reason: 'multiple-from', detail: `From names ${mail.from.length} addresses` };
  }
  const from = mail.from[0];
  if (!from?.address.includes('@')) {
    return {
      reason: 'no-sender',
      detail: fromHeaders.length ? 'From has no usable address' : 'no From header',
    };
  }
  return null;
}

function ownMessage(mail: NormalizedMail, ownAddresses: readonly string[]): Skip | null {
  const marker = header(mail, 'x-listscribe');
  if (marker) return { reason: 'own-message', detail: `X-Listscribe: ${marker}` };
  const own = new Set(ownAddresses.map((a) => a.toLowerCase()));
  const candidates = [mail.from[0]?.address, header(mail, 'x-original-from')?.toLowerCase()];
  const hit = candidates.find((address) => address && [...own].some((o) => address.includes(o)));
  return hit ? { reason: 'own-message', detail: `sent by listscribe (${hit})` } : null;
}

const BOUNCE_SENDER = /^(mailer-daemon|postmaster|mail-delivery-system|mailer_daemon)@/i;
const BOUNCE_SUBJECT =
  /^(undeliver(ed|able)( mail)?|unzustellbar|nicht zustellbar|delivery (status notification|failure|has failed)|mail delivery (failed|failure|system)|returned mail|failure notice|non[- ]?delivery|no(n|t) remis|message not delivered|zustellung fehlgeschlagen|your message to .* couldn't be delivered)\b/i;
/** Mailman's own notices come from LIST-bounces@ / LIST-owner@; ordinary posts only carry them in Sender. */
const LIST_ROBOT_SENDER = /-(bounces|owner|request|admin)(\+[^@]*)?@/i;

function bounce(mail: NormalizedMail): Skip | null {
  const reportType = /report-type\s*=\s*"?([\w-]+)/i.exec(header(mail, 'content-type') ?? '')?.[1];
  if (mail.contentType === 'multipart/report' && reportType?.toLowerCase() !== 'disposition-notification') {
    return { reason: 'bounce', detail: `multipart/report (${reportType ?? 'unknown'})` };
  }
  if (mail.partTypes.includes('message/delivery-status')) {
    return { reason: 'bounce', detail: 'contains message/delivery-status' };
  }
  if (mail.headers.has('x-failed-recipients')) {
    return { reason: 'bounce', detail: 'X-Failed-Recipients' };
  }
  const from = mail.from[0]?.address ?? '';
  if (BOUNCE_SENDER.test(from)) return { reason: 'bounce', detail: `from ${from}` };
  if (LIST_ROBOT_SENDER.test(from)) return { reason: 'bounce', detail: `list robot ${from}` };
  const returnPath = header(mail, 'return-path');
  if (returnPath?.replace(/\s/g, '') === '<>' && BOUNCE_SUBJECT.test(stripped(mail.subject))) {
    return { reason: 'bounce', detail: `null sender, subject "${mail.subject.slice(0, 80)}"` };
  }
  return null;
}

/**
 * Vacation subjects are matched only at the start (after no reply prefix), so a
 * thread called "Re: Out of office during Easter?" stays ordinary mail.
 */
const AUTO_REPLY_SUBJECT =
  /^(out of (the )?office|automatic reply|auto(matic)?[- ]?reply|auto(matic)? response|autoreply|abwesenheitsnotiz|automatische antwort|abwesend|nicht im b(ü|ue)ro|r(é|e)ponse automatique|absence du bureau|respuesta autom(á|a)tica|fuera de la oficina|risposta automatica|fuori sede|automatisch antwoord|afwezig|autosvar|frånvaro|on vacation|vacation reply|i am (currently )?out of)\b/i;

/** Read receipts: Exchange and Outlook send them as ordinary-looking mail to the list. */
const RECEIPT_SUBJECT = /^(gelesen|ungelesen|read|not read|lu|non lu|le(í|i)do|letto|gelezen|läst)\s*:/i;

function autoReply(mail: NormalizedMail): Skip | null {
  const reportType = /report-type\s*=\s*"?([\w-]+)/i.exec(header(mail, 'content-type') ?? '')?.[1];
  if (
    (mail.contentType === 'multipart/report' && reportType?.toLowerCase() === 'disposition-notification') ||
    mail.partTypes.includes('message/disposition-notification')
  ) {
    return { reason: 'auto-reply', detail: 'read receipt (disposition-notification)' };
  }
  if (RECEIPT_SUBJECT.test(mail.subject.trim()) && mail.headers.has('thread-index')) {
    return { reason: 'auto-reply', detail: `read receipt, subject "${mail.subject.slice(0, 80)}"` };
  }
  const autoSubmitted = header(mail, 'auto-submitted');
  if (autoSubmitted && !/^no\b/i.test(autoSubmitted)) {
    return { reason: 'auto-reply', detail: `Auto-Submitted: ${autoSubmitted}` };
  }
  for (const name of [
    'x-autoreply',
    'x-autorespond',
    'x-autogenerated',
    'x-auto-reply',
    'x-mail-autoreply',
  ]) {
    const value = header(mail, name);
    if (value !== undefined && !/^(no|false)$/i.test(value)) {
      return { reason: 'auto-reply', detail: `${name}: ${value}` };
    }
  }
  const precedence = (header(mail, 'precedence') ?? header(mail, 'x-precedence'))?.toLowerCase();
  // "list" is what every list server adds to ordinary posts; bulk/junk/auto_reply are robots.
  if (precedence && /^(bulk|junk|auto_reply|auto-reply)$/.test(precedence)) {
    return { reason: 'auto-reply', detail: `Precedence: ${precedence}` };
  }
  if (AUTO_REPLY_SUBJECT.test(mail.subject.trim())) {
    return { reason: 'auto-reply', detail: `subject "${mail.subject.slice(0, 80)}"` };
  }
  return null;
}

function header(mail: NormalizedMail, name: string): string | undefined {
  return mail.headers.get(name)?.[0]?.trim();
}

function stripped(subject: string): string {
  return subject.replace(/^((re|aw|fwd?|wg)\s*:\s*)+/i, '').trim();
}
