import { createMessagesRepository } from '../messages/messages.repository.js';
import { type IncomingMessage, type IngestDeps, ingestMessages } from './ingest.usecases.js';
import type { ImapSink } from './source.types.js';

/** The IMAP source's sink: each batch is ingested with the mailbox checkpoint in one transaction. */
export function createDatabaseImapSink(deps: IngestDeps): ImapSink {
  return {
    getCheckpoint: (mailbox) => createMessagesRepository(deps.db).getCheckpoint(mailbox),
    async ingestBatch(batch) {
      if (batch.messages.length === 0) return;
      const messages: IncomingMessage[] = batch.messages.map((m) => ({
        raw: m.raw,
        size: m.size,
        origin: `imap:${batch.mailbox}#${m.uid}`,
      }));
      const lastUid = Math.max(...batch.messages.map((m) => m.uid));
      await ingestMessages(deps, messages, {
        mailbox: batch.mailbox,
        uidValidity: batch.uidValidity,
        lastUid,
      });
    },
  };
}
