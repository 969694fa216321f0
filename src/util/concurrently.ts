/**
 * Map over items with at most `limit` promises in flight, keeping order (for batches of
 * small file operations). After one fails no other is started, and it rejects only once
 * those in flight have settled: a caller that cleans up after it (deleting a staging
 * folder) is not racing writes still going on in it.
 */
export async function mapConcurrently<I, O>(
  items: readonly I[],
  limit: number,
  run: (item: I, index: number) => Promise<O>,
): Promise<O[]> {
  const out: O[] = new Array(items.length);
  let next = 0;
  let failed = false;
  const lane = async () => {
    while (next < items.length && !failed) {
      const i = next++;
      try {
        out[i] = await run(items[i]!, i);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const lanes = await Promise.allSettled(Array.from({ length: Math.min(limit, items.length) }, lane));
  const rejected = lanes.find((lane): lane is PromiseRejectedResult => lane.status === 'rejected');
  if (rejected) throw rejected.reason;
  return out;
}
