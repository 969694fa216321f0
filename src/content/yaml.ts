import { isCollection, isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
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
      readonly problems: readonly { readonly reason: string; readonly position: Position; readonly aliases?: true }[];
    };

/** Aliases beyond this count mean a "billion laughs" document: refuse it before expanding. */
export const MAX_ALIASES = 50;

/**
 * Parse YAML safely and keep positions: YAML 1.2 core schema (dates stay strings), unique
 * keys, capped alias expansion. `locate` finds where a key (or list item) starts.
 */
export function parseYaml(text: string): YamlResult {
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
    return {
      ok: false,
      problems: document.errors.map((error) => ({
        reason: error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, ''),
        position: at(error.pos[0]),
      })),
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
