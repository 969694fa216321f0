import { isCollection, isMap, isScalar, isSeq, LineCounter, parseDocument, Parser, type Node } from 'yaml';
import type { FieldPath, Position } from './field-path.ts';
import { parseSimpleYaml } from './simple-yaml.ts';

export type { FieldPath, Position } from './field-path.ts';

export type YamlResult =
  | {
      readonly ok: true;
      readonly value: unknown;
      readonly isMapping: boolean;
      readonly locate: (path: FieldPath) => Position;
    }
  | {
      readonly ok: false;
      readonly problems: readonly {
        readonly reason: string;
        readonly position: Position;
        readonly aliases?: true;
        readonly tooDeep?: true;
      }[];
    };

/** Aliases beyond this count mean a "billion laughs" document: refuse it before expanding. */
export const MAX_ALIASES = 50;

/**
 * Collections inside each other beyond this are refused before the document is built: the
 * `yaml` package builds it recursively, and a few thousand levels exhaust the stack.
 */
export const MAX_YAML_DEPTH = 32;

/**
 * Parse YAML safely and keep positions: YAML 1.2 core schema (dates stay strings), unique
 * keys, capped alias expansion. `locate` finds where a key (or list item) starts.
 */
export function parseYaml(text: string): YamlResult {
  const deep = tooDeep(text);
  if (deep) return { ok: false, problems: [deep] };
  // Front matter of the usual shape needs none of the document model (simple-yaml.ts).
  const simple = parseSimpleYaml(text);
  if (simple) return { ok: true, value: simple.value, isMapping: true, locate: simple.locate };
  return parseYamlDocument(text);
}

/** parseYaml() through the `yaml` package's document model: any YAML. */
export function parseYamlDocument(text: string): YamlResult {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: true, schema: 'core' });
  const at = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  if (document.errors.length > 0) {
    // A quote or bracket never closed is found where the text ends or the next key
    // begins; the author needs the line where it was opened. The parser's other errors
    // then follow from it (the rest of the text read inside the bracket): it is told alone.
    for (const error of document.errors) {
      const opened =
        error.code === 'MISSING_CHAR' || error.code === 'BAD_INDENT' ? unclosedAt(text, error.pos[0]) : undefined;
      if (opened) return { ok: false, problems: [{ reason: opened.reason, position: at(opened.offset) }] };
    }
    const seen = new Set<string>();
    return {
      ok: false,
      problems: document.errors.flatMap((error) => {
        const key = `${error.pos[0]}\0${error.message}`;
        if (seen.has(key)) return [];
        seen.add(key);
        const rest = text.slice(error.pos[0], (text.indexOf('\n', error.pos[0]) + 1 || text.length + 1) - 1);
        if (error.code === 'BLOCK_AS_IMPLICIT_KEY' && rest.includes(': '))
          return [
            {
              reason: 'this value contains ": ", which YAML reads as a second key: put the whole value in quotes',
              position: at(error.pos[0]),
            },
          ];
        return [
          {
            reason: error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, ''),
            position: at(error.pos[0]),
          },
        ];
      }),
    };
  }
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (error) {
    if (error instanceof ReferenceError)
      return { ok: false, problems: [{ reason: error.message, position: at(0), aliases: true }] };
    throw error;
  }
  const locate = (path: FieldPath): Position => {
    let node: Node | null | undefined = document.contents as Node | null;
    let offset = node?.range?.[0] ?? 0;
    for (const segment of path) {
      if (isMap(node)) {
        const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
        if (!pair) break;
        offset = (pair.key as Node).range?.[0] ?? offset;
        node = pair.value as Node | null;
      } else if (isSeq(node) && typeof segment === 'number') {
        const item = node.items[segment] as Node | undefined;
        if (!item) break;
        offset = item.range?.[0] ?? offset;
        node = item;
      } else {
        if (node && !isCollection(node)) offset = node.range?.[0] ?? offset;
        break;
      }
    }
    return at(offset);
  };
  return { ok: true, value: value ?? {}, isMapping: document.contents === null || isMap(document.contents), locate };
}

/**
 * Whether the collections of a YAML text nest deeper than MAX_YAML_DEPTH, and where. A
 * bound comes first, from the text alone: a block collection is indented further than
 * its parent or opened by a `- ` on the same line, a flow one opens with `[` or `{`. Only
 * a text over the bound (none written by hand) is measured exactly, on the parser's
 * concrete syntax tree, which is made without recursion.
 */
function tooDeep(text: string): { reason: string; position: Position; tooDeep: true } | undefined {
  let bound = 0;
  let flow = 0;
  for (let start = 0; start <= text.length && bound <= MAX_YAML_DEPTH;) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    let i = start;
    while (i < end && (text[i] === ' ' || text[i] === '-' || text[i] === '?')) i++;
    const block = i - start + 1;
    bound = Math.max(bound, block + flow);
    for (let j = i; j < end; j++) {
      const ch = text[j];
      if (ch === '[' || ch === '{') bound = Math.max(bound, block + ++flow);
      else if ((ch === ']' || ch === '}') && flow > 0) flow--;
    }
    start = end + 1;
  }
  if (bound <= MAX_YAML_DEPTH) return undefined;
  const offset = deepestCollection(text);
  if (offset === undefined) return undefined;
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return {
    reason: `values are nested more than ${MAX_YAML_DEPTH} levels deep here`,
    position: { line, column: offset - text.lastIndexOf('\n', offset - 1) },
    tooDeep: true,
  };
}

/** The offset of the first collection nested deeper than MAX_YAML_DEPTH, if any. */
function deepestCollection(text: string): number | undefined {
  type Item = { key?: unknown; value?: unknown };
  for (const token of new Parser().parse(text)) {
    const stack: [unknown, number][] = [[token, 0]];
    while (stack.length > 0) {
      const [node, depth] = stack.pop()!;
      if (!node || typeof node !== 'object') continue;
      const { type, offset, items, value } = node as {
        type?: string;
        offset?: number;
        items?: Item[];
        value?: unknown;
      };
      if (type === 'document') stack.push([value, depth]);
      else if (type === 'block-map' || type === 'block-seq' || type === 'flow-collection') {
        if (depth + 1 > MAX_YAML_DEPTH) return offset;
        for (const item of items ?? []) stack.push([item.key, depth + 1], [item.value, depth + 1]);
      }
    }
  }
  return undefined;
}

/**
 * The quoted value or flow collection (`[`, `{`) left open before `offset`, the innermost
 * one, from the parser's concrete syntax tree: where it starts and what is missing.
 */
function unclosedAt(text: string, offset: number): { offset: number; reason: string } | undefined {
  type Cst = { type?: string; offset?: number; source?: string; items?: Cst[]; key?: Cst; value?: Cst; end?: Cst[] };
  let found: { offset: number; reason: string } | undefined;
  for (const token of new Parser().parse(text)) {
    const stack: (Cst | undefined)[] = [token as Cst];
    while (stack.length > 0) {
      const node = stack.pop();
      if (!node || typeof node !== 'object') continue;
      const start = node.offset ?? -1;
      if (start <= offset && (found === undefined || start > found.offset)) {
        const quote = node.type === 'double-quoted-scalar' ? '"' : node.type === 'single-quoted-scalar' ? "'" : '';
        const source = node.source ?? '';
        if (quote && start + source.length >= offset && (source.length < 2 || !source.endsWith(quote)))
          found = { offset: start, reason: `the ${quote}quoted${quote} value that starts here is never closed` };
        if (node.type === 'flow-collection') {
          const open = text[start] === '{' ? '{' : '[';
          const close = open === '{' ? '}' : ']';
          if (!node.end?.some((t) => t.source === close))
            found = { offset: start, reason: `the ${open} that starts here is never closed with ${close}` };
        }
      }
      stack.push(node.value, node.key, ...(node.items ?? []));
    }
  }
  return found;
}
