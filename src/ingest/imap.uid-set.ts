/**
 * Compresses uids into an IMAP sequence set ("1:5,7,9:10"). A FETCH for a batch of 100 messages
 * then stays one short command line, whatever gaps expunges left in the uid range.
 */
export function toUidSet(uids: readonly number[]): string {
  const sorted = [...new Set(uids)].sort((a, b) => a - b);
  const parts: string[] = [];
  let start: number | undefined;
  let prev: number | undefined;
  for (const uid of sorted) {
    if (start !== undefined && prev !== undefined && uid === prev + 1) {
      prev = uid;
      continue;
    }
    if (start !== undefined && prev !== undefined)
      parts.push(start === prev ? `${start}` : `${start}:${prev}`);
    start = uid;
    prev = uid;
  }
  if (start !== undefined && prev !== undefined) parts.push(start === prev ? `${start}` : `${start}:${prev}`);
  return parts.join(',');
}

/**
 * Splits items, in order, into batches of at most `maxCount` items and `maxBytes` bytes. An item
 * larger than `maxBytes` on its own makes a batch of one: it must be read, and it is read alone.
 */
export function chunkByBytes<T>(
  items: readonly T[],
  maxCount: number,
  maxBytes: number,
  bytesOf: (item: T) => number,
): T[][] {
  if (!Number.isInteger(maxCount) || maxCount < 1)
    throw new RangeError(`chunk size must be a positive integer: ${maxCount}`);
  if (!(maxBytes > 0)) throw new RangeError(`chunk bytes must be positive: ${maxBytes}`);
  const out: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = bytesOf(item);
    if (current.length > 0 && (current.length >= maxCount || bytes + size > maxBytes)) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length > 0) out.push(current);
  return out;
}
