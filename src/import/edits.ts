/** A replacement of `text[start, end)`. */
export interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** Text after edits, and the way back from an offset in it to the offset in the text before. */
export interface Edited {
  readonly text: string;
  /** Offset in the original text of an offset in the edited one (the edit's start inside a replacement). */
  readonly source: (offset: number) => number;
}

/**
 * Apply non-overlapping edits (an edit that overlaps an earlier one is skipped: the
 * converters never make such pairs). Keeps a map from the result back to the original,
 * so that a problem found in converted text is still reported at the line the author wrote.
 */
export function applyEdits(text: string, edits: readonly Edit[]): Edited {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  const parts: string[] = [];
  // [offset in the result, offset in the original, whether the piece was copied as is]
  const map: [number, number, boolean][] = [];
  let at = 0;
  let out = 0;
  for (const edit of sorted) {
    if (edit.start < at) continue;
    if (edit.start > at) {
      map.push([out, at, true]);
      parts.push(text.slice(at, edit.start));
      out += edit.start - at;
    }
    map.push([out, edit.start, false]);
    parts.push(edit.text);
    out += edit.text.length;
    at = edit.end;
  }
  map.push([out, at, true]);
  parts.push(text.slice(at));
  return {
    text: parts.join(''),
    source: (offset) => {
      let lo = 0;
      let hi = map.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (map[mid]![0] <= offset) lo = mid;
        else hi = mid - 1;
      }
      const [outStart, inStart, copied] = map[lo]!;
      return copied ? inStart + (offset - outStart) : inStart;
    },
  };
}

/** 1-based line and column of offsets in a text, through one index of its line starts. */
export function lineIndex(text: string): (offset: number) => { line: number; column: number } {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo]! + 1 };
  };
}
