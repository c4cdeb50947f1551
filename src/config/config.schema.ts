import { z } from 'zod';
import { meetingSeriesSchema } from '../meetings/meetings.schema.js';

/**
 * The configuration file, one YAML document. Every key is described here, with its
 * default; `docs/configuration.md` is generated from this schema. Secrets never go
 * in the file: they are read from the environment variables named by `*Env` keys.
 */

const handle = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'a handle is letters, digits, "-", "_" or "." without "@"')
  .describe('The person\'s handle as the team writes it after "@" (GitHub-style).');

const email = z.email().transform((a) => a.toLowerCase());

export const personSchema = z.strictObject({
  handle,
  name: z.string().optional().describe('Display name.'),
  addresses: z.array(email).min(1).describe('Every address the person writes from.'),
});

export const imapSourceSchema = z.strictObject({
  kind: z.literal('imap'),
  host: z.string().min(1),
  port: z.number().int().positive().default(993),
  secure: z.boolean().default(true).describe('Implicit TLS (port 993). Set false for STARTTLS or plain.'),
  tlsRejectUnauthorized: z.boolean().default(true).describe('Only set false for a test server.'),
  user: z.string().min(1),
  passwordEnv: z
    .string()
    .default('IMAP_PASSWORD')
    .describe('Environment variable holding the IMAP password.'),
  mailbox: z.string().default('INBOX'),
  resyncMinutes: z.number().positive().default(5).describe('Full check even when IDLE is silent.'),
});

export const maildirSourceSchema = z.strictObject({
  kind: z.literal('maildir'),
  path: z.string().min(1).describe('A Maildir folder (with new/, cur/, tmp/); created when missing.'),
  pollSeconds: z.number().positive().default(2),
});

export const sourceSchema = z.discriminatedUnion('kind', [imapSourceSchema, maildirSourceSchema]);

export const outboxDeliverySchema = z.strictObject({
  kind: z.literal('outbox'),
  dir: z.string().optional().describe('Folder for the digests as .eml files; default dataDir/outbox.'),
});

export const smtpDeliverySchema = z.strictObject({
  kind: z.literal('smtp'),
  host: z.string().min(1),
  port: z.number().int().positive().default(587),
  secure: z.boolean().default(false).describe('Implicit TLS (port 465). Otherwise STARTTLS when offered.'),
  requireTls: z.boolean().default(false).describe('Refuse to send unless STARTTLS succeeds.'),
  ignoreTls: z.boolean().default(false).describe('Never use STARTTLS (a local test relay only).'),
  tlsRejectUnauthorized: z.boolean().default(true).describe('Only set false for a test server.'),
  user: z.string().optional().describe('SMTP login; omit for an open relay on localhost.'),
  passwordEnv: z
    .string()
    .default('SMTP_PASSWORD')
    .describe('Environment variable holding the SMTP password.'),
  timeoutSeconds: z
    .number()
    .positive()
    .default(60)
    .describe('Give up on a connection or reply after this long.'),
});

export const deliverySchema = z.discriminatedUnion('kind', [outboxDeliverySchema, smtpDeliverySchema]);

export const matrixSchema = z.strictObject({
  homeserverUrl: z
    .url({ protocol: /^https?$/ })
    .describe('Base URL of the client-server API, e.g. "https://matrix.example.org".'),
  room: z
    .string()
    .regex(/^[!#][^:]+:.+$/, 'a room id ("!abc:example.org") or alias ("#team:example.org")')
    .describe('The room the digests are posted to: its id or an alias; the user must have joined it.'),
  accessTokenEnv: z
    .string()
    .default('MATRIX_ACCESS_TOKEN')
    .describe("Environment variable holding the posting user's access token."),
  msgtype: z
    .enum(['m.notice', 'm.text'])
    .default('m.notice')
    .describe('m.notice is the type for bot output: clients show it muted and bots do not answer it.'),
  timeoutSeconds: z.number().positive().default(30).describe('Give up on one request after this long.'),
});

export const httpSchema = z
  .strictObject({
    enabled: z
      .boolean()
      .default(false)
      .describe('Serve /healthz, /metrics and the web archive while `run` runs.'),
    host: z
      .string()
      .min(1)
      .default('127.0.0.1')
      .describe(
        'Address to listen on; loopback by default. Use 0.0.0.0 only behind a proxy that controls access.',
      ),
    port: z.number().int().min(0).max(65535).default(8080).describe('TCP port; 0 picks a free one.'),
  })
  .describe('The small read-only HTTP server: health, Prometheus metrics and the web archive.');

export const identitySchema = z
  .strictObject({
    dkim: z
      .boolean()
      .default(false)
      .describe(
        "Accept a DKIM signature of the author's domain, verified here (breaks when the list edits mail).",
      ),
    arcSealers: z
      .array(
        z
          .string()
          .min(1)
          .transform((d) => d.toLowerCase()),
      )
      .default([])
      .describe("Trust what these hosts (the list's) sealed with ARC about the author's DKIM/DMARC."),
    authservId: z
      .string()
      .min(1)
      .transform((d) => d.toLowerCase())
      .optional()
      .describe(
        'Trust the topmost Authentication-Results header when it carries this authserv-id (your own mail server, which must drop copies of it from incoming mail).',
      ),
  })
  .refine((v) => v.dkim || v.arcSealers.length > 0 || v.authservId !== undefined, {
    message: 'name at least one of dkim, arcSealers, authservId',
  });

export const teamSchema = z.strictObject({
  slug: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*$/, 'a slug is lower-case letters, digits and "-"')
    .describe('Short stable id of the team, used in ids and headers.'),
  name: z.string().min(1).describe('Human name, e.g. "Team IaaS".'),
  list: email.describe("The list's posting address."),
  listId: z.string().optional().describe('The List-Id of the list (e.g. "scs-tech.lists.example.org").'),
  address: email.describe("listscribe's own address on this list: mail from it is never acted on."),
  archiveUrl: z.url().optional().describe("Base URL of the team's web archive, linked from the digests."),
  people: z
    .array(personSchema)
    .default([])
    .describe('The roster: members whose commands act. Others wait for review (listscribe review).'),
  identity: identitySchema
    .optional()
    .describe(
      "Commands of members need proof of the author's identity too; without it they wait for review (listscribe review).",
    ),
  meetings: z.array(meetingSeriesSchema).default([]),
  matrix: matrixSchema
    .optional()
    .describe('Also post each digest to this Matrix room, after it is mailed; retried on its own.'),
  confirmSender: z
    .boolean()
    .default(false)
    .describe(
      'Reply privately to a member whose message recorded agenda items, action items, updates or decisions (at most once per sender, kind and day).',
    ),
});

export const configSchema = z.strictObject({
  dataDir: z
    .string()
    .default('./data')
    .describe('Folder for the embedded database, the default Maildir inbox and the outbox.'),
  databaseUrlEnv: z
    .string()
    .default('DATABASE_URL')
    .describe(
      'Environment variable with a PostgreSQL URL; when unset, the embedded PGlite in dataDir is used.',
    ),
  source: sourceSchema.optional().describe('Where list mail comes from; default: the Maildir dataDir/inbox.'),
  maxMessageBytes: z
    .number()
    .int()
    .positive()
    .default(25 * 1024 * 1024)
    .describe('Larger messages are stored as skipped (too-large) without being downloaded.'),
  delivery: deliverySchema
    .optional()
    .describe('How digests are sent; default: .eml files in dataDir/outbox (nothing leaves the machine).'),
  templatesDir: z
    .string()
    .optional()
    .describe('A folder of Handlebars templates overriding any of the bundled ones (templates/).'),
  minutesDir: z
    .string()
    .optional()
    .describe('Where the minutes Markdown of each meeting is written; default dataDir/minutes.'),
  schedulerSeconds: z
    .number()
    .int()
    .min(5)
    .default(30)
    .describe('How often the scheduler wakes to look for due digests.'),
  http: httpSchema.default({ enabled: false, host: '127.0.0.1', port: 8080 }),
  log: z
    .strictObject({
      level: z
        .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
        .default('info')
        .describe('Least severe level written; LOG_LEVEL overrides it.'),
      format: z
        .enum(['auto', 'json', 'pretty'])
        .default('auto')
        .describe('JSON lines, or readable lines; auto: readable when stderr is a terminal.'),
    })
    .default({ level: 'info', format: 'auto' })
    .describe('Logs go to stderr, without message bodies or secrets.'),
  teams: z
    .array(teamSchema)
    .min(1, 'configure at least one team')
    .describe('The teams this deployment serves: one list, roster and set of meetings each.'),
});

export type Config = z.infer<typeof configSchema>;
export type TeamConfig = z.infer<typeof teamSchema>;
export type SourceConfig = z.infer<typeof sourceSchema>;
export type ImapSourceConfig = z.infer<typeof imapSourceSchema>;
export type DeliveryConfig = z.infer<typeof deliverySchema>;
export type HttpConfig = z.infer<typeof httpSchema>;
export type MatrixConfig = z.infer<typeof matrixSchema>;
