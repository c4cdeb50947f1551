import type { ComposedMail } from '../../src/delivery/compose.js';
import type { MailSender, SendError } from '../../src/delivery/sender.types.js';
import type { TeamContext } from '../../src/ingest/ingest.models.js';
import type { MeetingPlan } from '../../src/meetings/meeting-plan.js';
import { examplePlan, exampleTeam } from './example-team.js';

export { ingestExampleInbox } from './example-team.js';

/** Team IaaS as the example configuration has it: weekly on Monday 15:05 Europe/Berlin. */
export const iaasTeam: TeamContext = exampleTeam;

/** The example's series without a location, so digests carry no "Join:" line. */
export const iaasPlan: MeetingPlan = {
  ...examplePlan,
  rule: { ...examplePlan.rule, blocks: examplePlan.rule.blocks.map((b) => ({ ...b, location: null })) },
};

/** An in-memory sender: records what was sent; can be told to fail the next sends. */
export function recordingSender() {
  const sent: Array<{ messageId: string; mail: ComposedMail }> = [];
  const failures: SendError[] = [];
  const sender: MailSender & { sent: typeof sent; failNext(error: SendError): void } = {
    kind: 'outbox',
    sent,
    failNext: (error) => failures.push(error),
    async send(mail, messageId) {
      const failure = failures.shift();
      if (failure) throw failure;
      sent.push({ messageId, mail });
    },
    close: async () => {},
  };
  return sender;
}
