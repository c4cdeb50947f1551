/** Every table, for drizzle-kit and for typed queries. */

export * from '../meetings/meetings.tables.js';
export * from '../messages/messages.tables.js';
export * from '../records/records.tables.js';
