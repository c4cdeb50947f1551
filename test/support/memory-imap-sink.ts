/**
 * An ImapSink in memory for source tests: keeps checkpoints and every committed batch, and can be
 * told to reject the next N batches the way a sink whose database is down would (nothing stored,
 * checkpoint unchanged).
 */
import type { ImapBatch, ImapCheckpoint, ImapSink } from '../../src/ingest/source.types.js';

export interface MemoryImapSink extends ImapSink {
  /** Committed batches, in commit order (copies: later changes by the source do not show). */
  readonly batches: ImapBatch[];
  /** Every ingestBatch call, committed or rejected. */
  readonly attempts: ImapBatch[];
  /** Rejects the next `n` calls of ingestBatch. */
  failNext(n: number): void;
  /**
   * Makes the next ingestBatch call wait (a slow commit). `entered` resolves once that call
   * arrived; `release()` lets it commit.
   */
  holdNext(): { entered: Promise<void>; release: () => void };
  /** Uids committed for a mailbox (optionally for one uidValidity), in commit order. */
  uids(mailbox: string, uidValidity?: bigint): number[];
  checkpoint(mailbox: string): ImapCheckpoint | null;
  /** Polls until `predicate` holds; rejects with the last state after `timeoutMs`. */
  waitFor(predicate: () => boolean, timeoutMs?: number): Promise<void>;
}

export function createMemoryImapSink(): MemoryImapSink {
  const checkpoints = new Map<string, ImapCheckpoint>();
  const batches: ImapBatch[] = [];
  const attempts: ImapBatch[] = [];
  let failuresLeft = 0;
  let hold: { arrived: () => void; released: Promise<void> } | null = null;

  return {
    batches,
    attempts,
    failNext(n) {
      failuresLeft = n;
    },
    holdNext() {
      let arrived!: () => void;
      let release!: () => void;
      const entered = new Promise<void>((resolve) => {
        arrived = resolve;
      });
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      hold = { arrived, released };
      return { entered, release };
    },
    async getCheckpoint(mailbox) {
      const stored = checkpoints.get(mailbox);
      return stored ? { ...stored } : null;
    },
    async ingestBatch(batch) {
      const copy: ImapBatch = { ...batch, messages: batch.messages.map((m) => ({ ...m })) };
      attempts.push(copy);
      const held = hold;
      if (held) {
        hold = null;
        held.arrived();
        await held.released;
      }
      if (failuresLeft > 0) {
        failuresLeft -= 1;
        throw new Error('memory sink: told to fail this batch');
      }
      if (copy.messages.length === 0) return;
      batches.push(copy);
      const lastUid = Math.max(...copy.messages.map((m) => m.uid));
      checkpoints.set(copy.mailbox, { uidValidity: copy.uidValidity, lastUid });
    },
    uids(mailbox, uidValidity) {
      return batches
        .filter((b) => b.mailbox === mailbox && (uidValidity === undefined || b.uidValidity === uidValidity))
        .flatMap((b) => b.messages.map((m) => m.uid));
    },
    checkpoint(mailbox) {
      return checkpoints.get(mailbox) ?? null;
    },
    async waitFor(predicate, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate()) {
        if (Date.now() > deadline) {
          const summary = batches.map((b) => `${b.uidValidity}:${b.messages.map((m) => m.uid).join(',')}`);
          throw new Error(
            `condition not met within ${timeoutMs} ms; committed batches: ${summary.join(' | ')}`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
  };
}
