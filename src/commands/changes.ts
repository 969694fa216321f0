import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { type Io, parseCommand, plural, report, shortUsage } from './shared.ts';

export const CHANGES_HELP = `Usage: broadsheet changes [DIR] --since MANIFEST [options]

List what to upload to bring a published site up to date with a new build, from the
two manifests (.broadsheet/manifest.json): new and changed files in a safe order
(what pages name first, then pages and feeds, the manifest last), each with its
content type and the Cache-Control of _headers, and the files to delete afterwards.
For deploying to an object store (S3, R2, GCS) behind a CDN; see docs/publishing.md.

DIR is the new build. Default: the output folder of the config (dist).

Options:
  --since MANIFEST  The published site's manifest: a file, or an http(s) URL such as
                    https://www.example.org/.broadsheet/manifest.json. A URL that answers
                    404 means nothing is published yet: every file is listed.
  --json            Print the plan as JSON: { upload: [{ path, size, sha256, contentType,
                    cacheControl }], delete: [path], unchanged }
  --base-url URL    The URL the site is published at. Default: "url" from the config
  --config FILE     Site config file. Default: broadsheet.config.{ts,mjs,js,json}
  -h, --help        Show this help

Without --json, prints "upload PATH" and "delete PATH" lines.

Exit status: 0 listed, 1 a manifest cannot be read or DIR is a preview by
broadsheet dev (drafts and embargoed stories in it), 2 bad usage.`;

const changesOptions = {
  since: { type: 'string' },
  json: { type: 'boolean' },
  'base-url': { type: 'string' },
  config: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Files = Record<string, { size: number; sha256: string }>;

export async function runChanges(argv: readonly string[], io: Io): Promise<number> {
  const parsed = parseCommand('changes', argv, changesOptions, CHANGES_HELP, io, 1);
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  if (values.since === undefined) {
    io.err(
      `broadsheet changes: --since is required (the published site's manifest)\n\n${shortUsage('changes', CHANGES_HELP)}`,
    );
    return 2;
  }
  const [{ loadConfig }, { parseHeaders, HEADERS_FILE }, { uploadPlan }, { MANIFEST_PATH, previewsIn }, { sha256 }] =
    await Promise.all([
      import('../config/config.ts'),
      import('../publish/headers.ts'),
      import('../publish/upload-plan.ts'),
      import('../output/manifest.ts'),
      import('../util/hash.ts'),
    ]);
  const { config, diagnostics } = await loadConfig({
    cwd: io.cwd,
    configFile: values.config,
    overrides: { url: values['base-url'] },
  });
  if (!config) {
    report(diagnostics, io);
    return 1;
  }
  const dir = positionals[0] === undefined ? config.out : path.resolve(io.cwd, positionals[0]);
  const manifestFile = path.join(dir, MANIFEST_PATH);
  let next: Files;
  let live: Files;
  try {
    const bytes = await readFile(manifestFile);
    const manifest = JSON.parse(bytes.toString('utf8')) as { files: Files };
    // Listing it for upload would publish the drafts and embargoed stories it shows.
    const previews = previewsIn(manifest);
    if (previews > 0)
      throw new Error(
        `${path.relative(io.cwd, dir) || '.'} is a preview by broadsheet dev (it shows ${plural(previews, 'draft or embargoed story', 'draft or embargoed stories')}): run broadsheet build first`,
      );
    next = { ...manifest.files, [MANIFEST_PATH]: { size: bytes.byteLength, sha256: sha256(bytes) } };
    live = await readLiveManifest(values.since, io.cwd);
  } catch (error) {
    io.err(`broadsheet changes: ${(error as Error).message}`);
    return 1;
  }
  const headersFile = path.join(dir, HEADERS_FILE);
  const rules = existsSync(headersFile) ? parseHeaders(await readFile(headersFile, 'utf8')).rules : [];
  const plan = uploadPlan(next, live, rules, config.basePath);
  if (values.json) {
    io.out(JSON.stringify(plan, null, 2));
    return 0;
  }
  for (const file of plan.upload) io.out(`upload ${file.path}`);
  for (const file of plan.delete) io.out(`delete ${file}`);
  io.err(
    `${plural(plan.upload.length, 'file')} to upload, ${plural(plan.delete.length, 'file')} to delete, ${plan.unchanged} unchanged`,
  );
  return 0;
}

/** The published manifest's files, from a path or a URL; a URL answering 404 is an empty site. */
async function readLiveManifest(since: string, cwd: string): Promise<Files> {
  let text: string;
  if (/^https?:\/\//.test(since)) {
    const response = await fetch(since).catch((error: Error & { cause?: Error }) => {
      throw new Error(`cannot fetch ${since}: ${error.cause?.message ?? error.message}`);
    });
    if (response.status === 404) return {};
    if (!response.ok) throw new Error(`${since} answered ${response.status} ${response.statusText}`);
    text = await response.text();
  } else {
    text = await readFile(path.resolve(cwd, since), 'utf8').catch(() => {
      throw new Error(`cannot read ${since}`);
    });
  }
  try {
    const data = JSON.parse(text) as { files?: Files };
    if (!data.files || typeof data.files !== 'object') throw new Error('no "files"');
    return data.files;
  } catch (error) {
    throw new Error(`${since} is not a Broadsheet manifest (${(error as Error).message})`, { cause: error });
  }
}
