import type { FieldPath, Position } from './field-path.ts';

/**
 * Front matter of the shape nearly every article has, read without a YAML parser: keys
 * with strings (plain, quoted), booleans, flow lists (`tags: [a, b]`), block lists and
 * nested mappings (`image:`, `gallery:`). The `yaml` package, which `parseYaml` uses for
 * everything else, builds a document with every node's source range, a sizeable share of
 * loading an article; this is about ten times faster and keeps only where each key and
 * list item starts.
 *
 * It is a fast path, not a second YAML implementation: anything outside this shape, or
 * anything YAML could read in more than one way (numbers, nulls, escapes other than
 * JSON's, comments after a value, tabs, anchors, multi-line scalars), returns undefined
 * and `parseYaml` reads the text as it always did. Where it does answer, the values and
 * positions are the ones `yaml` gives (test/frontmatter.test.ts compares the two).
 */

type Node =
  | {
      readonly kind: 'map';
      readonly offset: number;
      readonly pairs: Map<string, { readonly key: number; readonly node: Node }>;
    }
  | { readonly kind: 'seq'; readonly offset: number; readonly items: Node[] }
  | { readonly kind: 'scalar'; readonly offset: number; readonly value: string | boolean };

/** Thrown inside the scanner when the text leaves the simple shape; never escapes it. */
class NotSimple extends Error {}
const notSimple = (): never => {
  throw new NotSimple();
};

/**
 * Characters that YAML reads as something other than themselves somewhere (tabs, CR, NEL,
 * line and paragraph separators, a byte-order mark, non-printable ones): any of them
 * sends the text to the full parser.
 */
const UNUSUAL = /[^\n\u0020-\u007e\u00a0-\u2027\u202a-\ud7ff\ud800-\udfff\ue000-\ufefe\uff00-\ufffd]/;
const KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;
/** What a plain scalar may not start with: YAML's indicators (a leading "-" or "?" too, to stay clear of them). */
const INDICATOR = /^[-?:,[\]{}#&*!|>'"%@`]/;
/** Plain scalars the core schema reads as null, numbers or special floats: left to the full parser. */
const NOT_A_STRING =
  /^(?:~|[Nn]ull|NULL|[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const TRUE = /^(?:[Tt]rue|TRUE)$/;
const FALSE = /^(?:[Ff]alse|FALSE)$/;
/** A double-quoted string whose escapes are all JSON's, which YAML reads the same way. */
const JSON_QUOTED = /^"(?:[^"\\]|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})*"$/;

export interface SimpleYaml {
  readonly value: Record<string, unknown>;
  readonly locate: (path: FieldPath) => Position;
}

/** The fields and their positions, or undefined when the text is not of the simple shape. */
export function parseSimpleYaml(text: string): SimpleYaml | undefined {
  if (UNUSUAL.test(text)) return undefined;
  const lines: string[] = text.split('\n');
  const starts: number[] = new Array(lines.length);
  for (let i = 0, offset = 0; i < lines.length; i++) {
    starts[i] = offset;
    offset += lines[i]!.length + 1;
  }
  let root: Node;
  try {
    const first = nextContent(lines, 0);
    if (first === lines.length) return { value: {}, locate: locator(starts, undefined) };
    if (indentOf(lines[first]!) !== 0) return undefined;
    const [map, end] = blockMap(lines, starts, first, 0);
    if (nextContent(lines, end) !== lines.length) return undefined;
    root = map;
  } catch (error) {
    if (error instanceof NotSimple) return undefined;
    throw error;
  }
  return { value: toValue(root) as Record<string, unknown>, locate: locator(starts, root) };
}

const indentOf = (line: string): number => {
  let n = 0;
  while (line.charCodeAt(n) === 32) n++;
  return n;
};

/** The next line from `i` that is neither blank nor a comment (a line of its own). */
function nextContent(lines: readonly string[], i: number): number {
  for (; i < lines.length; i++) {
    const line = lines[i]!;
    const at = indentOf(line);
    if (at === line.length || line.charCodeAt(at) === 35 /* # */) continue;
    // Document markers and directives: the full parser's business.
    if (at === 0 && (line.startsWith('---') || line.startsWith('...') || line.startsWith('%'))) notSimple();
    return i;
  }
  return i;
}

/** A block mapping whose keys are at column `indent` (0-based), from line `i`; returns it and the line after it. */
function blockMap(lines: string[], starts: readonly number[], i: number, indent: number): [Node, number] {
  const pairs = new Map<string, { key: number; node: Node }>();
  let offset = -1;
  for (i = nextContent(lines, i); i < lines.length; i = nextContent(lines, i)) {
    const line = lines[i]!;
    const at = indentOf(line);
    if (at < indent) break;
    if (at > indent) notSimple();
    const colon = line.indexOf(':', at);
    if (colon === -1) notSimple();
    const key = line.slice(at, colon);
    // A key YAML reads as null or a boolean, or "__proto__" (a prototype if assigned), is not for the fast path.
    if (
      !KEY.test(key) ||
      NOT_A_STRING.test(key) ||
      TRUE.test(key) ||
      FALSE.test(key) ||
      key === '__proto__' ||
      pairs.has(key)
    )
      notSimple();
    const keyOffset = starts[i]! + at;
    if (offset === -1) offset = keyOffset;
    const after = colon + 1;
    if (after === line.length || line.slice(after).trim() === '') {
      // The value is the block below: a list (its dashes may sit at the key's own column) or a mapping.
      const next = nextContent(lines, i + 1);
      if (next === lines.length) notSimple();
      const below = lines[next]!;
      const nextAt = indentOf(below);
      const dash = below.charCodeAt(nextAt) === 45 /* - */ && below.charCodeAt(nextAt + 1) === 32;
      if (dash && nextAt >= indent) {
        const [seq, end] = blockSeq(lines, starts, next, nextAt);
        pairs.set(key, { key: keyOffset, node: seq });
        i = end;
      } else if (!dash && nextAt > indent) {
        const [map, end] = blockMap(lines, starts, next, nextAt);
        pairs.set(key, { key: keyOffset, node: map });
        i = end;
      } else notSimple(); // an empty value (null): the full parser says how it reads
      continue;
    }
    if (line.charCodeAt(after) !== 32) notSimple();
    const valueAt = after + indentOf(line.slice(after));
    pairs.set(key, { key: keyOffset, node: inline(line.slice(valueAt).trimEnd(), starts[i]! + valueAt) });
    i++;
  }
  if (offset === -1) notSimple();
  return [{ kind: 'map', offset, pairs }, i];
}

/** A block sequence whose dashes are at column `indent`, from line `i`. */
function blockSeq(lines: string[], starts: readonly number[], i: number, indent: number): [Node, number] {
  const items: Node[] = [];
  const offset = starts[i]! + indent;
  for (i = nextContent(lines, i); i < lines.length; i = nextContent(lines, i)) {
    const line = lines[i]!;
    const at = indentOf(line);
    if (at < indent) break;
    if (at > indent || line.charCodeAt(at) !== 45 /* - */ || line.charCodeAt(at + 1) !== 32) break;
    const contentAt = at + 1 + indentOf(line.slice(at + 1));
    const content = line.slice(contentAt).trimEnd();
    if (content === '' || content.startsWith('- ') || content === '-') notSimple();
    const colon = content.indexOf(':');
    const isPair =
      colon > 0 &&
      KEY.test(content.slice(0, colon)) &&
      (colon === content.length - 1 || content.charCodeAt(colon + 1) === 32);
    if (isPair) {
      // "- key: value" starts a mapping at the key's column: read it with the dash as a space.
      const dashLine = i;
      lines[dashLine] = `${' '.repeat(contentAt)}${line.slice(contentAt)}`;
      try {
        const [map, end] = blockMap(lines, starts, dashLine, contentAt);
        items.push(map);
        i = end;
      } finally {
        lines[dashLine] = line;
      }
      continue;
    }
    items.push(inline(content, starts[i]! + contentAt));
    i++;
  }
  return [{ kind: 'seq', offset, items }, i];
}

/** A value on the key's (or dash's) line: a quoted or plain scalar, or a flow list of them. */
function inline(text: string, offset: number): Node {
  if (text.startsWith('[')) return flowSeq(text, offset);
  const [value, length] = scalar(text, 0, false);
  if (length !== text.length) notSimple();
  return { kind: 'scalar', offset, value };
}

/** `[a, "b", 'c']` on one line, nothing after it. */
function flowSeq(text: string, offset: number): Node {
  const items: Node[] = [];
  let at = 1;
  const skipSpaces = () => {
    while (text.charCodeAt(at) === 32) at++;
  };
  skipSpaces();
  if (text.charCodeAt(at) === 93 /* ] */) {
    if (at + 1 !== text.length) notSimple();
    return { kind: 'seq', offset, items };
  }
  for (;;) {
    skipSpaces();
    const [value, end] = scalar(text, at, true);
    items.push({ kind: 'scalar', offset: offset + at, value });
    at = end;
    skipSpaces();
    const c = text.charCodeAt(at);
    if (c === 44 /* , */) {
      at++;
      continue;
    }
    if (c === 93 /* ] */ && at + 1 === text.length) return { kind: 'seq', offset, items };
    notSimple();
  }
}

/**
 * A scalar starting at `at`: its value and where it ends. In a flow list a plain scalar
 * ends at "," or "]" (and may not contain "[", "{", "}" or ":"); in a block it runs to the
 * end of the line (trailing spaces already trimmed).
 */
function scalar(text: string, at: number, flow: boolean): [string | boolean, number] {
  const first = text.charCodeAt(at);
  if (first === 34 /* " */) {
    const end = closingQuote(text, at);
    const quoted = text.slice(at, end);
    if (!JSON_QUOTED.test(quoted)) notSimple();
    return [JSON.parse(quoted) as string, end];
  }
  if (first === 39 /* ' */) {
    let end = at + 1;
    for (;;) {
      end = text.indexOf("'", end);
      if (end === -1) notSimple();
      if (text.charCodeAt(end + 1) !== 39) break;
      end += 2;
    }
    return [text.slice(at + 1, end).replaceAll("''", "'"), end + 1];
  }
  let end = text.length;
  if (flow) {
    end = at;
    while (end < text.length && !',[]{}:'.includes(text[end]!)) end++;
    // A ":" in a flow list may make an implicit pair: left to the full parser.
    if (end < text.length && text[end] !== ',' && text[end] !== ']') notSimple();
  }
  const plain = text.slice(at, end).trimEnd();
  // A comment, a mapping inside a scalar, or an indicator: not for the fast path.
  if (plain === '' || INDICATOR.test(plain) || plain.includes(': ') || plain.includes(' #') || plain.endsWith(':'))
    notSimple();
  if (NOT_A_STRING.test(plain)) notSimple();
  if (TRUE.test(plain)) return [true, at + plain.length];
  if (FALSE.test(plain)) return [false, at + plain.length];
  return [plain, at + plain.length];
}

/** Just past the closing `"` of a double-quoted scalar starting at `at`. */
function closingQuote(text: string, at: number): number {
  for (let i = at + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 92 /* \\ */) i++;
    else if (c === 34) return i + 1;
  }
  return notSimple();
}

function toValue(node: Node): unknown {
  if (node.kind === 'scalar') return node.value;
  if (node.kind === 'seq') return node.items.map(toValue);
  const out: Record<string, unknown> = {};
  for (const [key, pair] of node.pairs) out[key] = toValue(pair.node);
  return out;
}

/** Where a path starts, as `parseYaml`'s `locate` finds it in the `yaml` document: a key, a list item, or the scalar a path runs into. */
/** `starts`: the offset where each line of the text begins, as the scanner found them. */
function locator(starts: readonly number[], root: Node | undefined): (path: FieldPath) => Position {
  return (path) => {
    let node: Node | undefined = root;
    let offset = root?.offset ?? 0;
    for (const segment of path) {
      if (node?.kind === 'map') {
        const pair = node.pairs.get(String(segment));
        if (!pair) break;
        offset = pair.key;
        node = pair.node;
      } else if (node?.kind === 'seq' && typeof segment === 'number') {
        const item: Node | undefined = node.items[segment];
        if (!item) break;
        offset = item.offset;
        node = item;
      } else {
        if (node?.kind === 'scalar') offset = node.offset;
        break;
      }
    }
    // The last line starting at or before the offset; lines and columns from 1, as yaml's LineCounter counts them.
    let line = 0;
    while (line + 1 < starts.length && starts[line + 1]! <= offset) line++;
    return { line: line + 1, column: offset - starts[line]! + 1 };
  };
}
