/**
 * Errors with a stable code, and whether trying again can help. Operators see the
 * code in `listscribe status`; retries key off `retryable`.
 */
export class ListscribeError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ListscribeError';
  }
}

/** A stable code for any thrown value. */
export function errorCode(error: unknown): string {
  if (error instanceof ListscribeError) return error.code;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^[A-Z0-9_]+$/.test(code)) return code;
  return 'INTERNAL';
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
