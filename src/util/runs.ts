/**
 * Cut a sequence into `of` contiguous runs of about equal total cost: each item goes to
 * the run in whose share of the total its middle falls. `head` is cost the first run
 * carries before any item (work it has besides its items). Returns each item's run,
 * counted from 0. The same costs in the same order always cut the same way, and a small
 * change to one cost moves at most the items next to a cut.
 */
export function cutIntoRuns(costs: readonly number[], of: number, head = 0): number[] {
  let done = head;
  const total = costs.reduce((sum, cost) => sum + cost, head);
  return costs.map((cost) => {
    const middle = done + cost / 2;
    done += cost;
    return total > 0 ? Math.min(of - 1, Math.floor((middle * of) / total)) : 0;
  });
}
