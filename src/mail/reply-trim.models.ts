/**
 * Reply trimming: the author's new text of a mail message, so that listscribe acts on
 * commands the author wrote and never on text they quoted or forwarded.
 *
 * The plain-text pipeline, in order:
 *   1. toLines           CRLF → LF, non-breaking spaces → spaces, trailing blanks gone
 *   2. cutListFooter     Mailman / Google Groups footers and everything below
 *   3. splitForward      the author's text above a forward marker; the forwarded body
 *   4. findQuotedTail    Outlook header blocks, "-----Original Message-----", "On … wrote:" without `>`
 *   5. cutSignature      "-- ", "Sent from my iPhone" and friends
 *   6. dropQuotedBlocks  `>` lines and their attribution, inline replies kept
 * HTML-only mail loses its quote containers at the HTML level first (html-text.models.ts)
 * and then runs through the same pipeline.
 */
import { htmlToPlainText, htmlToReplyText } from './html-text.models.js';
import { toLines } from './reply-trim.lines.js';
import { FORWARD_SUBJECT } from './reply-trim.patterns.js';
import {
  cutListFooter,
  cutSignature,
  dropQuotedBlocks,
  findForwardMarker,
  findQuotedTail,
  forwardedBody,
} from './reply-trim.steps.js';

export { htmlToPlainText };

export interface TrimmedReply {
  /** The author's new text: quotes, attribution lines, forwarded blocks, signatures, list footers removed; trimmed; runs of 3+ blank lines collapsed to one blank line; trailing whitespace on lines removed. */
  reply: string;
  /** The body of a forwarded message found in the text (without its header block), null when there is none. */
  forwarded: string | null;
}

export interface MailBody {
  text: string | null;
  html: string | null;
  /**
   * Optional: the message's subject. Outlook marks a forward only there ("WG:", "FW:"),
   * its body looks like a reply's. A NormalizedMail can be passed as it is.
   */
  subject?: string | null;
}

export function trimReply(body: MailBody): TrimmedReply {
  const subject = body.subject ?? '';
  if (body.text !== null && body.text.trim() !== '') return trimPlainText(body.text, subject);
  if (body.html !== null && body.html.trim() !== '') return trimHtml(body.html, subject);
  return { reply: '', forwarded: null };
}

function trimHtml(html: string, subject: string): TrimmedReply {
  const { reply } = trimPlainText(htmlToReplyText(html), subject);
  // Gmail and Thunderbird put a forward inside the very containers that hold quotes,
  // so the forwarded body comes from a rendering that keeps them.
  const { forwarded } = trimPlainText(htmlToPlainText(html), subject);
  return { reply, forwarded };
}

export function trimPlainText(text: string, subject = ''): TrimmedReply {
  const lines = cutListFooter(toLines(text));
  const { own, forwarded } = splitForward(lines, subject);
  return { reply: trimOwnText(own), forwarded };
}

function trimOwnText(lines: readonly string[]): string {
  const tail = findQuotedTail(lines);
  const withoutTail = tail ? lines.slice(0, tail.start) : lines;
  return dropQuotedBlocks(cutSignature(withoutTail));
}

/**
 * Separates the author's text from a forwarded message. Explicit markers (Gmail,
 * Apple Mail, Thunderbird, Yahoo) count when they come before any quoted tail. An
 * Outlook header block is a forward only when the subject says so or the author wrote
 * nothing above it: a reply with no new text would be pointless.
 */
function splitForward(
  lines: readonly string[],
  subject: string,
): { own: string[]; forwarded: string | null } {
  const tail = findQuotedTail(lines);
  const marker = findForwardMarker(lines);
  if (marker >= 0 && (!tail || marker < tail.start)) {
    return { own: lines.slice(0, marker), forwarded: forwardedBody(lines.slice(marker + 1)) };
  }
  if (tail && tail.kind !== 'attribution') {
    const own = lines.slice(0, tail.start);
    if (FORWARD_SUBJECT.test(subject) || trimOwnText(own) === '') {
      return { own, forwarded: forwardedBody(lines.slice(tail.headerStart)) };
    }
  }
  return { own: [...lines], forwarded: null };
}
