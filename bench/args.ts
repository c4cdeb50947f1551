/** `--name N` from argv: a positive integer, or the fallback when the flag is absent. Shared by bench and soak. */
export function positiveIntFlag(argv: readonly string[], name: string, fallback: number): number {
  const i = argv.indexOf(name);
  const raw = i >= 0 ? argv[i + 1] : undefined;
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} needs a positive integer, got ${raw}`);
  return n;
}
