import jsYaml from 'js-yaml';
import { parse as parseToml, TomlDate } from 'smol-toml';
import { isMap, isScalar, LineCounter, parseDocument, type Node } from 'yaml';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostics.ts';
import { MAX_ALIASES } from '../content/yaml.ts';
import { parseJsLiterals } from './js-literals.ts';

/** Front-matter fields as another generator wrote them: plain values, dates as text. */
export type RawFields = Readonly<Record<string, unknown>>;

export type FrontMatterFormat = 'yaml' | 'toml' | 'json' | 'js' | 'none';

/** Another generator's front matter, split from the body and parsed, with key positions. */
export interface OldFrontMatter {
  readonly fields: RawFields;
  readonly format: FrontMatterFormat;
  /** Where a top-level key starts (1-based); the first line for keys not found. */
  readonly locate: (key: string) => { line: number; column: number };
  readonly body: string;
  /** 1-based line of the file on which `body` starts. */
  readonly bodyLine: number;
  /** How it was read, when not as its format says (YAML that only a lenient parser reads). */
  readonly warnings?: readonly Diagnostic[];
}

/**
 * Split and parse the front matter of a Hugo, Jekyll or Eleventy file: YAML between `---`
 * lines (also closed by `...`, as Jekyll allows), TOML between `+++` lines, a JSON object
 * at the start (Hugo) or after `---json` (Eleventy), and Eleventy's `---js` when it only
 * declares constants with literal values: JavaScript is never run. YAML is read as YAML
 * 1.1, as Jekyll and Hugo read it (`yes` is true), except that dates stay text so the
 * offset they were written with is kept. A file without front matter has no fields.
 */
export function readFrontMatter(text: string, file: string): OldFrontMatter | Diagnostic[] {
  const open = /^(---|\+\+\+)[ \t]*([A-Za-z]*)[ \t]*\n/.exec(text);
  if (open) {
    const fence = open[1]!;
    const language = open[2]!.toLowerCase() || (fence === '+++' ? 'toml' : 'yaml');
    const close = fence === '+++' ? /^\+\+\+[ \t]*$/m : /^(---|\.\.\.)[ \t]*$/m;
    const rest = text.slice(open[0].length);
    const end = close.exec(rest);
    if (!end) return [diagnostic('unclosed-front-matter', { file, line: 1, column: 1 })];
    const block = rest.slice(0, end.index);
    const after = open[0].length + end.index + end[0].length;
    const body = text.slice(text[after] === '\n' ? after + 1 : after);
    const bodyLine = lineAt(text, text.length - body.length);
    return parseBlock(language, block, 2, file, body, bodyLine);
  }
  if (text.startsWith('{')) {
    const end = jsonEnd(text);
    if (end === undefined) return [diagnostic('unclosed-front-matter', { file, line: 1, column: 1 })];
    const body = text.slice(text[end] === '\n' ? end + 1 : end);
    return parseBlock('json', text.slice(0, end), 1, file, body, lineAt(text, text.length - body.length));
  }
  return { fields: {}, format: 'none', locate: () => ({ line: 1, column: 1 }), body: text, bodyLine: 1 };
}

function parseBlock(
  language: string,
  block: string,
  firstLine: number,
  file: string,
  body: string,
  bodyLine: number,
): OldFrontMatter | Diagnostic[] {
  const shift = (p: { line: number; column: number }) => ({ line: p.line + firstLine - 1, column: p.column });
  const fallback = { line: Math.max(1, firstLine - 1), column: 1 };
  const syntax = (reason: string, at = fallback) => [diagnostic('yaml-syntax', { file, ...at }, reason)];
  switch (language) {
    case 'yaml':
    case 'yml': {
      const parsed = parseOldYaml(block);
      if ('problem' in parsed) {
        // Eleventy reads front matter with js-yaml, which takes what YAML refuses (a quoted
        // value whose next lines start at the margin): what the old site published is read so.
        const lenient = lenientYaml(block);
        if (!lenient) return syntax(`the YAML front matter does not parse: ${parsed.problem}`, shift(parsed));
        return {
          fields: lenient,
          format: 'yaml',
          locate: keyFinder(block, shift, fallback),
          body,
          bodyLine,
          warnings: [
            diagnostic(
              'yaml-syntax',
              { file, ...shift(parsed) },
              `the YAML front matter is not valid YAML (${parsed.problem}); it was read leniently, as js-yaml (Eleventy's parser) and Ruby's reader (Jekyll's) read it, and is written out valid`,
              {
                severity: 'warning',
                hint: 'Check the imported fields of this post: a lenient reading may differ from what was meant.',
              },
            ),
          ],
        };
      }
      return {
        fields: parsed.fields,
        format: 'yaml',
        locate: (key) => {
          const at = parsed.keys.get(key);
          return at ? shift(at) : fallback;
        },
        body,
        bodyLine,
      };
    }
    case 'toml': {
      let value: unknown;
      try {
        value = parseToml(block);
      } catch (error) {
        const at = error as { line?: number; column?: number; message: string };
        const where = at.line ? shift({ line: at.line, column: at.column ?? 1 }) : fallback;
        return syntax(`the TOML front matter does not parse: ${at.message.split('\n')[0]}`, where);
      }
      return {
        fields: plain(value) as RawFields,
        format: 'toml',
        locate: keyFinder(block, shift, fallback),
        body,
        bodyLine,
      };
    }
    case 'json': {
      let value: unknown;
      try {
        value = JSON.parse(block);
      } catch (error) {
        return syntax(`the JSON front matter does not parse: ${(error as Error).message}`);
      }
      if (!value || typeof value !== 'object' || Array.isArray(value))
        return [diagnostic('front-matter-shape', { file, ...fallback })];
      return { fields: value as RawFields, format: 'json', locate: keyFinder(block, shift, fallback), body, bodyLine };
    }
    case 'js':
    case 'javascript': {
      const fields = parseJsLiterals(block);
      if (!fields)
        return [
          diagnostic(
            'front-matter-language',
            { file, ...fallback },
            'JavaScript front matter that does more than declare constants with literal values cannot be read without running it',
            {
              hint: 'Rewrite it as YAML (`title: …` lines between `---` lines); the importer never runs code from the site.',
            },
          ),
        ];
      return { fields, format: 'js', locate: keyFinder(block, shift, fallback), body, bodyLine };
    }
    default:
      return [
        diagnostic(
          'front-matter-language',
          { file, ...fallback },
          `front matter in "${language}" cannot be read; YAML, TOML and JSON can`,
        ),
      ];
  }
}

/** YAML 1.1 without its timestamp type: dates stay the text they were written as. */
function parseOldYaml(
  block: string,
):
  | { fields: RawFields; keys: Map<string, { line: number; column: number }> }
  | { problem: string; line: number; column: number } {
  const lineCounter = new LineCounter();
  const document = parseDocument(block, {
    version: '1.1',
    uniqueKeys: false,
    lineCounter,
    customTags: (tags) => tags.filter((tag) => typeof tag === 'string' || tag.tag !== 'tag:yaml.org,2002:timestamp'),
  });
  const at = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const [error] = document.errors;
  if (error) {
    // An error found at the end of the block (an unclosed bracket or quote) is shown on its last line.
    const lines = block.trimEnd().split('\n');
    const where = at(Math.min(error.pos[0], block.trimEnd().length));
    const place = where.line > lines.length ? { line: lines.length, column: 1 } : where;
    return { problem: error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, ''), ...place };
  }
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (error) {
    return { problem: (error as Error).message, line: 1, column: 1 };
  }
  if (value === null || value === undefined) value = {};
  if (typeof value !== 'object' || Array.isArray(value))
    return { problem: 'it is not a mapping of fields', line: 1, column: 1 };
  const keys = new Map<string, { line: number; column: number }>();
  if (isMap(document.contents)) {
    for (const pair of document.contents.items) {
      const key = pair.key as Node | null;
      if (isScalar(key) && key.range && !keys.has(String(key.value))) keys.set(String(key.value), at(key.range[0]));
    }
  }
  return { fields: plain(value) as RawFields, keys };
}

/** Key positions in TOML, JSON and JavaScript blocks: the first line that assigns the key. */
function keyFinder(
  block: string,
  shift: (p: { line: number; column: number }) => { line: number; column: number },
  fallback: { line: number; column: number },
) {
  const lines = block.split('\n');
  return (key: string) => {
    const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const pattern = new RegExp(`^(\\s*)(?:const\\s+|let\\s+|var\\s+)?["']?${escaped}["']?\\s*[=:]`);
    for (let i = 0; i < lines.length; i++) {
      const m = pattern.exec(lines[i]!);
      if (m) return shift({ line: i + 1, column: m[1]!.length + 1 });
    }
    return fallback;
  };
}

/** TOML dates as the text they were written as ("2015-11-09T10:00:00-05:00"), recursively. */
function plain(value: unknown): unknown {
  if (value instanceof TomlDate) return value.toISOString().replace(/\.000(?=$|[Z+-])/, '');
  if (value instanceof Date) return value.toISOString().replace('.000Z', 'Z');
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = plain(v);
    return out;
  }
  return value;
}

/** The offset just after a JSON object at the start of the text, or undefined if it never closes. */
function jsonEnd(text: string): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i + 1;
  }
  return undefined;
}

/** 1-based line number of a character offset. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/**
 * Front matter as js-yaml reads it with its core schema (dates stay text), or undefined
 * when that fails too or gives no mapping of fields.
 */
function lenientYaml(block: string): RawFields | undefined {
  try {
    const value: unknown = jsYaml.load(block, { schema: jsYaml.CORE_SCHEMA, json: true });
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as RawFields) : undefined;
  } catch {
    return undefined;
  }
}
