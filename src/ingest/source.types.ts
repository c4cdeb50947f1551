/**
 * The seam between mail sources (IMAP, Maildir, mbox, .eml files) and the ingest
 * use case. A source only moves bytes; the sink parses, applies and stores, and
 * commits the source's checkpoint in the same transaction as the records, so a
 * crash can never leave a checkpoint ahead of what was stored.
 */

export interface ImapCheckpoint {
  uidValidity: bigint;
  lastUid: number;
}

export interface RawImapMessage {
  uid: number;
  /** Full RFC 5322 source; null when the message was skipped before download (too large). */
  raw: Buffer | null;
  /** RFC822.SIZE as reported by the server. */
  size: number;
}

export interface ImapBatch {
  /** Identifies the mailbox across reconnects, e.g. "listscribe@example.org/INBOX". */
  mailbox: string;
  uidValidity: bigint;
  messages: RawImapMessage[];
}

export interface ImapSink {
  /** The stored checkpoint of a mailbox, null when it was never read. */
  getCheckpoint(mailbox: string): Promise<ImapCheckpoint | null>;
  /**
   * Store every message of the batch with its outcome and advance the checkpoint to
   * the highest uid of the batch, atomically. Resolves once committed. Throws when
   * nothing was committed (the source then retries the same batch later).
   */
  ingestBatch(batch: ImapBatch): Promise<void>;
}

/** One message from a file-based source: a Maildir file, an mbox entry or an .eml file. */
export interface RawFileMessage {
  raw: Buffer;
  /** Where it came from, for logs and for the stored outcome ("mbox:archive.mbox#1532"). */
  origin: string;
}
