import matter from 'gray-matter';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostics.ts';
import type { ArticleSource } from './source.ts';
import { parseYaml, type FieldPath, type Position } from './yaml.ts';

export type { FieldPath, Position } from './yaml.ts';

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

/** Front-matter languages gray-matter would run as code; refused even if asked for explicitly. */
const refuse = () => {
  throw new Error('code front matter is refused');
};

/**
 * Split and parse front matter. gray-matter finds the block and its language; the YAML
 * itself goes to `parseYaml`, which keeps source positions and caps alias expansion.
 */
export function parseFrontMatter(source: ArticleSource): FrontMatter | Diagnostic[] {
  const { text, file } = source;
  if (!matter.test(text)) return [diagnostic('no-front-matter', { file })];
  const language = matter.language(text.slice(3)).name;
  if (language && language !== 'yaml') {
    return [
      diagnostic(
        'front-matter-language',
        { file, line: 1, column: 4 },
        `front matter in "${language}" is not allowed; only YAML is`,
      ),
    ];
  }
  if (text.indexOf('\n---', 3) === -1) return [diagnostic('unclosed-front-matter', { file, line: 1, column: 1 })];

  let yaml = '';
  const parsed = matter(text, {
    language: 'yaml',
    engines: {
      yaml: {
        parse: (block: string) => {
          yaml = block;
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
  // The YAML block starts right after the opening "---", so its line numbers are the file's.
  const result = parseYaml(yaml);
  if (!result.ok) {
    return result.problems.map((p) =>
      p.aliases
        ? diagnostic('yaml-aliases', { file, line: 2, column: 1 })
        : p.tooDeep
          ? diagnostic('nesting-too-deep', { file, ...p.position }, `front matter ${p.reason}`)
          : diagnostic('yaml-syntax', { file, ...p.position }, p.reason),
    );
  }
  if (!result.isMapping) return [diagnostic('front-matter-shape', { file, line: 2, column: 1 })];
  return { fields: (result.value ?? {}) as Record<string, unknown>, locate: result.locate, body, bodyLine };
}

/** 1-based line number of a character offset. */
function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
