import matter from 'gray-matter';
import { isCollection, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { diagnostic, type Diagnostic } from './diagnostics.ts';
import type { ArticleSource } from './source.ts';

/** A path into the front matter: keys and list indexes, e.g. ["gallery", 1, "alt"]. */
export type FieldPath = readonly (string | number)[];

export interface Position {
  readonly line: number;
  readonly column: number;
}

/** Front matter split from the story text, parsed, with positions kept for diagnostics. */
export interface FrontMatter {
  /** The fields as plain values (YAML 1.2 core schema: dates stay strings). */
  readonly fields: Readonly<Record<string, unknown>>;
  /** Where a field's key (or, for list items, the item) starts in the file. */
  readonly locate: (path: FieldPath) => Position;
  /** The Markdown after the closing `---`. */
  readonly body: string;
  /** 1-based line of the file on which `body` starts. */
  readonly bodyLine: number;
}

/** Aliases beyond this count mean a "billion laughs" document: refuse it before expanding. */
const MAX_ALIASES = 50;

/** Front-matter languages gray-matter would run as code; refused even if asked for explicitly. */
const refuse = () => {
  throw new Error('code front matter is refused');
};

/**
 * Split and parse front matter. gray-matter finds the block and its language; the YAML
 * itself is parsed by `yaml`, which keeps source positions and caps alias expansion.
 */
export function parseFrontMatter(source: ArticleSource): FrontMatter | Diagnostic[] {
  const { text, file } = source;
  if (!matter.test(text)) return [diagnostic('no-front-matter', { file })];
  const language = matter.language(text.slice(3)).name;
  if (language && language !== 'yaml') {
    return [diagnostic('front-matter-language', { file, line: 1, column: 4 }, `front matter in "${language}" is not allowed; only YAML is`)];
  }
  if (text.indexOf('\n---', 3) === -1) return [diagnostic('unclosed-front-matter', { file, line: 1, column: 1 })];

  const lineCounter = new LineCounter();
  let document: Document | undefined;
  const parsed = matter(text, {
    language: 'yaml',
    engines: {
      yaml: {
        parse: (yaml: string) => {
          document = parseDocument(yaml, { lineCounter, uniqueKeys: true, prettyErrors: true, schema: 'core' });
          return {};
        },
        stringify: refuse,
      },
      js: { parse: refuse, stringify: refuse },
      javascript: { parse: refuse, stringify: refuse },
    },
  });
  const body = parsed.content;
  const bodyLine = lineAt(text, text.length - body.length);
  // The YAML text starts right after the opening "---", so its line numbers are the file's.
  const at = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };

  if (!document || document.contents === null) return { fields: {}, locate: () => ({ line: 1, column: 1 }), body, bodyLine };
  if (document.errors.length > 0) {
    return document.errors.map((error) => {
      const pos = at(error.pos[0]);
      const reason = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
      return diagnostic('yaml-syntax', { file, ...pos }, reason);
    });
  }
  let fields: unknown;
  try {
    fields = document.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (error) {
    if (error instanceof ReferenceError) return [diagnostic('yaml-aliases', { file, line: 2, column: 1 })];
    throw error;
  }
  if (!isMap(document.contents)) {
    return [diagnostic('front-matter-shape', { file, line: 2, column: 1 })];
  }

  const locate = (path: FieldPath): Position => {
    let node: Node | null | undefined = document!.contents as Node;
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
  return { fields: fields as Record<string, unknown>, locate, body, bodyLine };
}

/** 1-based line number of a character offset. */
function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
