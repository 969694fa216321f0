/**
 * Limits on how deeply a story body may nest. The Markdown and HTML tree libraries recurse
 * once per level (a few thousand levels exhaust the stack), and the Markdown parser's time
 * grows with about the cube of the depth of lists nested by indentation (a small file can
 * take minutes). No article written by a person comes near these limits; a conversion
 * accident or a hostile file does, and is refused as the one story it is.
 */

/** Block quotes and list items inside each other, refused before the body is parsed. */
export const MAX_CONTAINER_DEPTH = 32;
/** Elements inside each other in the rendered body (browsers stop nesting at 512). */
export const MAX_ELEMENT_DEPTH = 200;

const QUOTE = -1;

/** Columns of the whitespace at `from` (a tab advances to the next multiple of 4), and where it ends. */
function indentation(line: string, from: number, column: number): { width: number; end: number } {
  let width = 0;
  let i = from;
  for (; i < line.length; i++) {
    const ch = line.charCodeAt(i);
    if (ch === 32) width++;
    else if (ch === 9) width += 4 - ((column + width) % 4);
    else break;
  }
  return { width, end: i };
}

/** A bullet (`-`, `+`, `*`) or ordered (`1.`, `1)`) list marker at `at`: its length, or 0. */
function markerLength(line: string, at: number): number {
  const ch = line[at];
  if (ch === '-' || ch === '+' || ch === '*') return 1;
  let i = at;
  while (i < line.length && i - at < 9 && line.charCodeAt(i) >= 48 && line.charCodeAt(i) <= 57) i++;
  return i > at && (line[i] === '.' || line[i] === ')') ? i - at + 1 : 0;
}

const THEMATIC_BREAK = /^(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$/;
const FENCE = /^(`{3,}|~{3,})/;

/**
 * How deeply the block quotes and lists of a Markdown text nest, found by following the
 * container rules of CommonMark line by line (the containers a line continues, then the
 * markers that open new ones) without parsing anything else; fenced and indented code is
 * skipped. It agrees with the parser on what people write; on contrived text (items
 * opened empty, tabs between markers, fences inside such items) it can be a few levels
 * off either way, which matters nowhere near the limit. Returns the first line (1-based)
 * deeper than `limit`, and its depth.
 */
export function containerDepth(
  text: string,
  limit: number = MAX_CONTAINER_DEPTH,
): { readonly line: number; readonly depth: number } | undefined {
  // Each open container: QUOTE, or a list item's content indent in columns. One more than
  // `limit` is as far as it needs to count.
  const stack: number[] = [];
  // Whether each open item began with nothing after its marker and has had no content
  // yet: a blank line then ends it (an item may begin with at most one blank line).
  const empty: boolean[] = [];
  let fence: { marker: string; depth: number } | undefined;
  // Whether the last line had any text: what it was is not worked out, and an ordered
  // item not numbered 1 may not interrupt a paragraph, so after one none is counted.
  let afterText = false;
  // How many containers held that text: only a line that continues them all would go on
  // with the paragraph.
  let textDepth = 0;
  // Indented code goes on across blank lines, and counts as text after them.
  let afterCode = false;
  let line = 0;
  for (let start = 0; start <= text.length; line++) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const row = text.slice(start, end);
    start = end + 1;

    let pos = 0;
    let column = 0;
    let matched = 0;
    // A tab split between an item's indent and its content, or content that may be code:
    // the rest of the line is not looked into.
    let opaque = false;
    for (; matched < stack.length; matched++) {
      const open = stack[matched]!;
      const space = indentation(row, pos, column);
      if (open === QUOTE) {
        if (space.width > 3 || row[space.end] !== '>') break;
        pos = space.end + 1;
        column += space.width + 1;
        if (row[pos] === ' ') {
          pos++;
          column++;
        }
      } else if (space.end === row.length) {
        // A blank line keeps list items open, unless one has had nothing in it yet.
        if (empty[matched]) break;
      } else if (space.width >= open) {
        empty[matched] = false;
        // Into the item's content: its indent, and the rest of the whitespace stays.
        let taken = 0;
        while (taken < open && pos < row.length) {
          const step = row[pos] === '\t' ? 4 - (column % 4) : 1;
          taken += step;
          column += step;
          pos++;
        }
        if (taken > open) opaque = true;
      } else break;
    }
    if (fence) {
      if (matched >= fence.depth) {
        const space = indentation(row, pos, column);
        const rest = row.slice(space.end).trimEnd();
        if (space.width <= 3 && rest.startsWith(fence.marker) && /^(`+|~+)$/.test(rest)) fence = undefined;
        afterText = true;
        continue;
      }
      fence = undefined;
    }
    stack.length = matched;
    empty.length = matched;

    while (!opaque) {
      const space = indentation(row, pos, column);
      // Tabs make the columns a matter of detail: what follows one is not looked into.
      if (space.width > 3 || space.end === row.length || row.slice(pos, space.end).includes('\t')) break;
      const at = space.end;
      if (stack.length > limit) break;
      if (row[at] === '>') {
        stack.push(QUOTE);
        pos = at + 1;
        column += space.width + 1;
        if (row[pos] === ' ') {
          pos++;
          column++;
        }
        continue;
      }
      const length = markerLength(row, at);
      if (length === 0) break;
      const interrupts = afterText && matched >= textDepth;
      if (interrupts && length > 1 && !/^0*1[.)]$/.test(row.slice(at, at + length))) break;
      const after = row[at + length];
      if (after !== undefined && after !== ' ' && after !== '\t') break;
      const isEmpty = row.slice(at + length).trim() === '';
      // Nor may an item with nothing after its marker.
      if (isEmpty && interrupts) break;
      if (length === 1 && THEMATIC_BREAK.test(row.slice(at).trimEnd())) break;
      const gap = indentation(row, at + length, column + space.width + length);
      const content = gap.width > 4 || isEmpty ? 1 : gap.width;
      stack.push(space.width + length + content);
      empty.push(isEmpty);
      // After a tab, or more than four columns, the rest may be code.
      opaque = isEmpty || gap.width > 4 || row.slice(at + length, gap.end).includes('\t');
      column += space.width + length + content;
      pos = gap.end;
    }
    if (stack.length > limit) return { line: line + 1, depth: stack.length };
    const rest = indentation(row, pos, column);
    const opening = rest.width <= 3 && !opaque ? FENCE.exec(row.slice(rest.end)) : null;
    if (opening) fence = { marker: opening[1]!, depth: stack.length };
    const blank = rest.end === row.length;
    if (!blank) {
      afterCode = opaque || rest.width > 3;
      textDepth = stack.length;
    }
    afterText = !blank || afterCode;
  }
  return undefined;
}

const VOID = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'source',
  'track',
  'wbr',
]);

/**
 * The line (1-based) where the HTML tags of a text nest deepest, counting every start tag
 * that is not void or self-closed and every end tag: where to point when the body turned
 * out too deep for the tree libraries. Only for that error, so it need not be exact.
 */
export function deepestTagLine(text: string): number {
  let depth = 0;
  let deepest = 0;
  let line = 1;
  let at = 1;
  let counted = 0;
  for (const match of text.matchAll(/<(\/?)([A-Za-z][\w-]*)[^<>]*?(\/?)>/g)) {
    for (let i = text.indexOf('\n', counted); i !== -1 && i < match.index; i = text.indexOf('\n', i + 1)) line++;
    counted = match.index;
    if (match[1]) depth = Math.max(0, depth - 1);
    else if (!match[3] && !VOID.has(match[2]!.toLowerCase())) depth++;
    if (depth > deepest) {
      deepest = depth;
      at = line;
    }
  }
  return at;
}
