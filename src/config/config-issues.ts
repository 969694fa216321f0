import { readFileSync } from 'node:fs';
import type * as z from 'zod';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostics.ts';
import { closestName } from '../util/closest-name.ts';

/**
 * A config problem as the person who wrote the config reads it: at the line of the field
 * when the file names it, and for an unknown option the one probably meant ("titel" →
 * "title"), in plain words rather than the validator's.
 */
export function configIssues(
  issues: readonly z.core.$ZodIssue[],
  schema: z.ZodObject,
  file: string,
  /** The config file as written, when there is one (not for a config given as an object). */
  text: string | undefined,
  /** Options given on the command line, by the flag that gave them: not in the file. */
  flags: Readonly<Record<string, string>> = {},
): Diagnostic[] {
  return issues.flatMap((issue) => {
    const path = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      const known = Object.keys(optionsAt(schema, path));
      return issue.keys.map((key) => {
        const near = closestName(key, known);
        const name = [...path, key].join('.');
        return diagnostic(
          'config-invalid',
          { file, ...locate(text, key) },
          `${name} is not a config option${near ? `: did you mean ${[...path, near].join('.')}?` : ''}`,
        );
      });
    }
    const flag = path.length === 1 ? flags[path[0]!] : undefined;
    if (flag !== undefined) return [diagnostic('config-invalid', { file }, `${flag}: ${plain(issue.message)}`)];
    return [
      diagnostic(
        'config-invalid',
        { file, ...locatePath(text, path) },
        `${path.length ? path.join('.') : 'config'}: ${plain(issue.message)}`,
      ),
    ];
  });
}

interface SchemaNode {
  readonly shape?: Record<string, unknown>;
  readonly element?: unknown;
  readonly unwrap?: () => unknown;
}

/** Through .default() and .optional() to the object or list inside. */
function unwrap(node: unknown): SchemaNode | undefined {
  let at = node as SchemaNode | undefined;
  while (at && at.shape === undefined && at.element === undefined && typeof at.unwrap === 'function')
    at = at.unwrap() as SchemaNode;
  return at;
}

/** The options of the object at `path` in the schema (list items by index); none where it is not an object. */
function optionsAt(schema: z.ZodObject, path: readonly string[]): Record<string, unknown> {
  let node = unwrap(schema);
  for (const key of path) {
    if (/^\d+$/.test(key) && node?.element !== undefined) node = unwrap(node.element);
    else if (node?.shape !== undefined) node = unwrap(node.shape[key]);
    else return {};
  }
  return node?.shape ?? {};
}

/** Where the field at `path` is written, or else the nearest field above it that is. */
function locatePath(text: string | undefined, path: readonly string[]): { line: number; column: number } | undefined {
  for (let i = path.length - 1; i >= 0; i--) {
    if (/^\d+$/.test(path[i]!)) continue;
    const at = locate(text, path[i]!);
    if (at) return at;
  }
  return undefined;
}

/** Where a field is first written in the config file (`key:` or `"key":`), if it is. */
function locate(text: string | undefined, key: string): { line: number; column: number } | undefined {
  if (text === undefined) return undefined;
  const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`(^|[\\s{,])(["']?)${escaped}\\2\\s*:`, 'm').exec(text);
  if (!match) return undefined;
  const at = match.index + match[1]!.length;
  const before = text.slice(0, at).split('\n');
  return { line: before.length, column: before.at(-1)!.length + 1 };
}

/** The validator's wording made plainer: "Invalid input: expected string, received array". */
/** A validator's type message in plain words: "is missing (it is text)", "must be text, not a number". */
export function plain(message: string): string {
  return message.replace(/^Invalid input: expected (\w+), received (\w+)$/, (_, expected: string, received: string) =>
    received === 'undefined'
      ? `is missing (it is ${kind(expected)})`
      : `must be ${kind(expected)}, not ${kind(received)}`,
  );
}

const KINDS: Readonly<Record<string, string>> = {
  string: 'text',
  number: 'a number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  undefined: 'missing',
};
const kind = (name: string): string => KINDS[name] ?? name;

/** The config file's text, for positions; none when it cannot be read. */
export function configText(file: string | undefined): string | undefined {
  if (file === undefined) return undefined;
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
