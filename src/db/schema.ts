/** Every table, for drizzle-kit and for typed queries. */

export * from '../confirmations/confirmations.tables.js';
export * from '../digests/matrix-posts.tables.js';
export * from '../meetings/meetings.tables.js';
export * from '../messages/messages.tables.js';
export * from '../records/records.tables.js';
