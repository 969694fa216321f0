import type { ErrorId } from '../diagnostics/errors.ts';
import { commaList, yesNo } from './field-hints.ts';
import type { FieldPath } from './frontmatter.ts';

/** How field readers report a problem at a front-matter path. */
export type Report = (
  rule: ErrorId,
  path: FieldPath,
  reason?: string,
  severity?: 'error' | 'warning',
  hint?: string,
) => void;

/**
 * Values written the way other tools write them, read as meant with a warning that says
 * so: `tags: a, b, c` and `authors: A, B` as one string are lists; `draft: yes` (YAML
 * 1.1's boolean, text to YAML 1.2) is `true`. Changes `known` in place, before the schema.
 */
export function readLoosely(
  known: Record<string, unknown>,
  original: ReadonlyMap<string, string>,
  report: Report,
): void {
  for (const field of ['tags', 'authors'] as const) {
    const value = known[field];
    const items = typeof value === 'string' ? commaList(value) : undefined;
    if (!items) continue;
    known[field] = items;
    const key = original.get(field) ?? field;
    report(
      'list-in-one-string',
      [field],
      `${key}: "${String(value)}" is one piece of text; read as ${items.length} ${field === 'tags' ? 'tags' : 'authors'}: ${items.map((i) => `"${i}"`).join(', ')}`,
      'warning',
    );
  }
  const draft = known.draft;
  if (typeof draft === 'string') {
    const meant = yesNo(draft);
    if (meant !== undefined) {
      known.draft = meant;
      report(
        'yes-no-value',
        ['draft'],
        `draft: "${draft}" is text, not true or false; read as ${meant} (write \`draft: ${meant}\`)`,
        'warning',
      );
    } else
      report(
        'invalid-field',
        ['draft'],
        `draft: "${draft}" is text; a story is a draft (\`draft: true\`) or not (\`draft: false\`, or no \`draft\` line at all)`,
      );
    if (meant === undefined) delete known.draft;
  }
}
