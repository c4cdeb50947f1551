import { type SQL, sql } from 'drizzle-orm';

/**
 * A timestamp for raw SQL. Drizzle converts Dates only for typed column operators;
 * inside sql`` a Date reaches the driver as is, which postgres.js rejects and PGlite
 * turns into text that does not compare as a time. An ISO string with a cast works
 * the same on both.
 */
export function timestamp(value: Date): SQL {
  return sql`${value.toISOString()}::timestamptz`;
}
