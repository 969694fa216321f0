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
  let failure: { error: unknown } | undefined;
  const lane = async () => {
    while (next < items.length && !failure) {
      const i = next++;
      try {
        out[i] = await run(items[i]!, i);
      } catch (error) {
        // The first failure is the one told; later ones are of items already under way.
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  if (failure) throw failure.error;
  return out;
}
