import postgres from 'postgres';

/**
 * The PostgreSQL server the database tests run against: $TEST_DATABASE_URL, else the
 * local server of these machines (127.0.0.1:5432, trust auth). In CI it is required;
 * on a developer's machine without it, the PostgreSQL half of the suite is skipped
 * with a message saying how to get one.
 */
export function adminUrl(database = 'postgres'): string {
  const base = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  base.pathname = `/${database}`;
  return base.toString();
}

export async function postgresRequirement(): Promise<{ ok: true } | { ok: false; why: string }> {
  const sql = postgres(adminUrl(), { max: 1, connect_timeout: 3, onnotice: () => {} });
  try {
    await sql`select 1`;
    return { ok: true };
  } catch (error) {
    const why = `PostgreSQL is not reachable at ${adminUrl()} (${(error as Error).message}); set TEST_DATABASE_URL or start a server (apt-get install postgresql)`;
    if (process.env.CI) throw new Error(`CI requires a PostgreSQL server: ${why}`);
    return { ok: false, why };
  } finally {
    await sql.end({ timeout: 1 });
  }
}
