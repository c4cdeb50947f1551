/**
 * The plain data that flows through the pure core. Nothing here does I/O.
 *
 * A raw RFC 5322 message is parsed once (mail.normalize.ts, the only place that
 * touches mailparser) into a NormalizedMail; everything after that is a pure
 * function over it.
 */

export interface MailAddress {
  /** Lower-cased addr-spec, e.g. "garloff@example.org". Empty when the header had no usable address. */
  address: string;
  /** Display name as decoded from the header, "" when there is none. */
  name: string;
}

export interface NormalizedMail {
  /** Message-ID without angle brackets, or null when the message has none. */
  messageId: string | null;
  /** Decoded subject (RFC 2047 words resolved), "" when missing. */
  subject: string;
  date: Date | null;
  from: MailAddress[];
  sender: MailAddress | null;
  replyTo: MailAddress[];
  to: MailAddress[];
  cc: MailAddress[];
  inReplyTo: string | null;
  references: string[];
  /**
   * Every header, by lower-case name, each occurrence's value unfolded and with
   * RFC 2047 encoded words decoded. Order of occurrences is preserved.
   */
  headers: ReadonlyMap<string, readonly string[]>;
  /** The text/plain body (or the text mailparser derived), null when there is none. */
  text: string | null;
  /** The text/html body, null when there is none. Never rendered anywhere. */
  html: string | null;
  /** The top-level content type, lower case, e.g. "multipart/report". */
  contentType: string;
  /** Content types of all attachment parts, lower case (used to recognise DSNs). */
  partTypes: string[];
  /** Small text attachments (a minutes `.md` file attached to a `[minutes]` mail). */
  textAttachments: TextAttachment[];
  /** Defects noticed while parsing (missing From, unknown charset, …); never fatal. */
  defects: string[];
}

export interface TextAttachment {
  filename: string;
  contentType: string;
  content: string;
}

/** An item understood from new text, a subject or a minutes document (the `inspect` contract). */
export type ExtractedItem = AgendaItem | ActionItem | ActionUpdate | Decision;

export interface AgendaItem {
  kind: 'agenda';
  title: string;
  /** Handle without "@", else the author's configured handle, else the author's address. */
  owner: string;
  /** Time box in minutes, null when none was written. */
  minutes: number | null;
}

export interface ActionItem {
  kind: 'action';
  /** Handles without "@", as written; [] for an unassigned item. */
  owners: string[];
  text: string;
  /** Due date as YYYY-MM-DD, null when none was written. */
  due: string | null;
}

export type ActionStatus = 'open' | 'done' | 'dropped';

export interface ActionUpdate {
  kind: 'action-update';
  /** Normalised id, e.g. "A-12". */
  ref: string;
  /** The status the item has after the update ("reopen" → "open"). */
  status: ActionStatus;
  note: string | null;
}

export interface Decision {
  kind: 'decision';
  text: string;
}

export type SubjectTag = 'agenda' | 'action' | 'decision' | 'minutes';

export type SkipReason =
  | 'auto-reply'
  | 'bounce'
  | 'own-message'
  | 'no-sender'
  | 'multiple-from'
  | 'malformed'
  | 'too-large';

export interface Skip {
  reason: SkipReason;
  detail: string;
}

export interface MinutesRoles {
  reporter: string | null;
  minuteTaker: string | null;
}

export interface MinutesTopic {
  title: string;
  owners: string[];
  minutes: number | null;
}

export interface ParsedMinutes {
  /** YYYY-MM-DD, null when the document names no date. */
  date: string | null;
  participants: string[];
  roles: MinutesRoles;
  topics: MinutesTopic[];
}

/** Exactly the JSON object `listscribe inspect` prints for one file (product.md). */
export interface Extraction {
  messageId: string | null;
  author: MailAddress;
  subject: string;
  tags: SubjectTag[];
  skip: Skip | null;
  reply: string;
  items: ExtractedItem[];
  minutes: ParsedMinutes | null;
}
