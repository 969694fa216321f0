/**
 * The name someone probably meant: for "did you mean" in front matter and config errors
 * and in commands' options.
 */

/** Edit distance, stopping early once it exceeds `max` (field names are short). */
function distance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + cost);
      // A swap of two neighbours ("tilte") counts as one edit.
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, before[j - 2]! + 1);
      row.push(value);
      best = Math.min(best, value);
    }
    if (best > max) return max + 1;
    before = previous;
    previous = row;
  }
  return previous[b.length]!;
}

/**
 * The known name an unknown one is probably a misspelling of ("titel", "Title", "tag"),
 * if exactly one is close: one edit for names up to four letters, two for longer ones.
 */
export function closestName(key: string, known: Iterable<string>): string | undefined {
  const lower = key.toLowerCase();
  const max = lower.length <= 4 ? 1 : 2;
  let best: string | undefined;
  let bestDistance = max + 1;
  let tie = false;
  for (const name of known) {
    const d = distance(lower, name, max);
    if (d < bestDistance) {
      best = name;
      bestDistance = d;
      tie = false;
    } else if (d === bestDistance) tie = true;
  }
  return best !== undefined && !tie ? best : undefined;
}
