import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as z from 'zod';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostics.ts';
import { plain } from '../config/config-issues.ts';
import { isSafeUrl } from '../content/urls.ts';
import { closestName } from '../util/closest-name.ts';

/** What authors.yaml says about a person or agency, shown on their author page. */
export interface AuthorProfile {
  readonly bio?: string | undefined;
  /** Site path or absolute URL of a portrait. */
  readonly photo?: string | undefined;
  /** Their own page (for structured data `author.url`). */
  readonly url?: string | undefined;
  readonly links: readonly { readonly label: string; readonly url: string }[];
}

const safeUrl = z.string().refine(isSafeUrl, 'must be an http(s) URL or a site path');
const profileSchema = z.strictObject({
  bio: z.string().optional(),
  photo: safeUrl.optional(),
  url: safeUrl.optional(),
  links: z.array(z.strictObject({ label: z.string().min(1), url: safeUrl })).default([]),
});
const fileSchema = z.record(z.string(), profileSchema);
const PROFILE_FIELDS = Object.keys(profileSchema.shape);
const LINK_FIELDS = ['label', 'url'];

/**
 * Read the optional authors file: a mapping from author names (as written in bylines) to
 * profiles. A missing file is an empty map; an invalid one is reported with positions.
 */
export async function loadAuthorProfiles(
  file: string,
  cwd: string,
): Promise<{ profiles: Map<string, AuthorProfile>; diagnostics: Diagnostic[] }> {
  const shown = path.relative(cwd, file);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { profiles: new Map(), diagnostics: [] };
    return { profiles: new Map(), diagnostics: [diagnostic('read-error', { file: shown }, (error as Error).message)] };
  }
  // Imported only now: most sites have no authors file, and the YAML parser is slow to load.
  const { parseYaml } = await import('../content/yaml.ts');
  const yaml = parseYaml(text);
  if (!yaml.ok)
    return {
      profiles: new Map(),
      diagnostics: yaml.problems.map((p) => diagnostic('authors-file', { file: shown, ...p.position }, p.reason)),
    };
  const parsed = fileSchema.safeParse(yaml.value);
  if (!parsed.success) {
    return {
      profiles: new Map(),
      diagnostics: parsed.error.issues.flatMap((issue) => {
        const at = issue.path as (string | number)[];
        if (issue.code !== 'unrecognized_keys')
          return [
            diagnostic('authors-file', { file: shown, ...yaml.locate(at) }, `${at.join('.')}: ${plain(issue.message)}`),
          ];
        // A misspelt or unknown field, at its own line, with the one probably meant.
        const fields = at.length > 1 ? LINK_FIELDS : PROFILE_FIELDS;
        return issue.keys.map((key) => {
          const near = closestName(key, fields);
          return diagnostic(
            'authors-file',
            { file: shown, ...yaml.locate([...at, key]) },
            `${at.join('.')} has no field "${key}"${near ? `: did you mean ${near}?` : ` (the fields are ${fields.join(', ')})`}`,
          );
        });
      }),
    };
  }
  return { profiles: new Map(Object.entries(parsed.data)), diagnostics: [] };
}
