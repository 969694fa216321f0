import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { promisify } from 'node:util';
import FeedParser from 'feedparser';
import type { Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { select, selectAll } from 'hast-util-select';
import { toString } from 'hast-util-to-string';
import type { Element as XmlElement, Root as XmlRoot } from 'xast';
import { fromXml } from 'xast-util-from-xml';
import { expect } from 'vitest';
import { build } from '../src/pipeline/builder.ts';
import type { Progress } from '../src/pipeline/types.ts';
import { resolveConfig, type UserConfig } from '../src/config/config.ts';
import { startDev } from '../src/dev/dev.ts';
import type { Diagnostic } from '../src/diagnostics/diagnostics.ts';

export const REPO = path.resolve(import.meta.dirname, '..');
export const SAMPLE_LAYOUTS = path.join(REPO, 'layouts');

/** The browser for browser tests: $CHROMIUM_PATH, Debian's chromium, or Google Chrome (GitHub's runners). */
export const CHROMIUM =
  process.env.CHROMIUM_PATH ??
  ['/usr/bin/chromium', '/usr/bin/google-chrome'].find((file) => existsSync(file)) ??
  '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];
/** A fixed clock for the sample site: after every sample story but the embargoed one. */
export const SAMPLE_NOW = Date.parse('2026-11-27T12:00:00Z');

/**
 * An output file's text, decompressed first when it is gzip (Pagefind's index and
 * fragments, `.gz` copies): what a reader of the files could find in it.
 */
export async function outputText(file: string): Promise<string> {
  const bytes = await readFile(file);
  return (bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes).toString('utf8');
}

/** Make a temporary folder with the given files (path → contents). */
export async function tempSite(files: Record<string, string | Uint8Array> = {}): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'broadsheet-test-'));
  for (const [rel, contents] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
    await writeFile(path.join(dir, rel), contents);
  }
  return dir;
}

/** A seeded PRNG (mulberry32): the same random edit sequence on every run. */
export function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const removeDir = (dir: string) => rm(dir, { recursive: true, force: true });

/** A feed (RSS or Atom) as a feed reader reads it. */
export const readFeed = (xml: string) =>
  new Promise<{ meta: FeedParser.Meta; items: FeedParser.Item[] }>((resolve, reject) => {
    const items: FeedParser.Item[] = [];
    const parser = new FeedParser({ addmeta: false });
    parser.on('error', reject);
    parser.on('readable', () => {
      for (let item = parser.read(); item; item = parser.read()) items.push(item);
    });
    parser.on('end', () => resolve({ meta: parser.meta, items }));
    Readable.from([xml]).pipe(parser);
  });

/** A minimal valid article. */
export function article(fields: Record<string, string> = {}, body = 'Body text.'): string {
  const all = { title: 'A headline', date: '2024-01-02T10:00:00Z', ...fields };
  return `---\n${Object.entries(all)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n')}\n---\n\n${body}\n`;
}

/** The text of every element named `name` (with its prefix, e.g. "news:name") in an XML document, in document order. */
export function xmlTexts(xml: string, name: string): string[] {
  const out: string[] = [];
  const text = (node: XmlRoot | XmlElement): string =>
    node.children
      .map((c) => (c.type === 'text' || c.type === 'cdata' ? c.value : c.type === 'element' ? text(c) : ''))
      .join('');
  const walk = (node: XmlRoot | XmlElement) => {
    if (node.type === 'element' && node.name === name) out.push(text(node));
    for (const child of node.children) if (child.type === 'element') walk(child);
  };
  walk(fromXml(xml));
  return out;
}

/** Every file under a folder, "/"-separated, sorted. */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

/**
 * Build the site in `dir` (articles in `dir/articles`, the sample layouts unless given)
 * into `dir/dist` through the API, and read the result back.
 */
export async function buildSite(
  dir: string,
  user: UserConfig = {},
  options: {
    now?: number;
    drafts?: boolean;
    layouts?: string;
    jobs?: number;
    cache?: boolean;
    check?: boolean;
    compress?: boolean;
    deferSearch?: boolean;
    progress?: Progress;
  } = {},
) {
  const { config, diagnostics } = resolveConfig(
    { articles: 'articles', search: false, ledger: false, ...user },
    {
      root: dir,
      cwd: dir,
      overrides: { now: options.now ?? SAMPLE_NOW, drafts: options.drafts, layouts: options.layouts ?? SAMPLE_LAYOUTS },
    },
  );
  if (!config) throw new Error(JSON.stringify(diagnostics));
  const result = await build(config, {
    cwd: dir,
    jobs: options.jobs ?? 1,
    cache: options.cache ?? true,
    check: options.check ?? false,
    compress: options.compress ?? false,
    deferSearch: options.deferSearch ?? false,
    ...(options.progress ? { progress: options.progress } : {}),
  });
  const out = config.out;
  const text = (rel: string) => readFile(path.join(out, rel), 'utf8');
  const page = async (rel: string): Promise<Root> => fromHtml(await text(rel));
  const files = () => listFiles(out);
  return { result, page, text, files, config, out };
}

export { select, selectAll, toString };

const run = promisify(execFile);
const BIN = path.join(REPO, 'bin/broadsheet.js');

/**
 * Run the real CLI as a user would; never throws, returns exit code and output. Builds of
 * the sample site pass --no-cache: test files run at once, and builds of one project with
 * different settings at the same moment would compete for its cache.
 */
export async function cli(
  args: string[],
  cwd = REPO,
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { cwd, env: cliEnv(env) });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/**
 * `broadsheet serve` on a free port in `cwd`, once it says it is serving: its address, what
 * it said on stderr so far, and a stop that waits for it to exit.
 */
export async function serveCli(cwd: string, args: string[] = []) {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', ...args], { cwd, env: cliEnv({}) });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const url = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const at = /serving .* at (\S+)/.exec(stdout);
      if (at) resolve(at[1]!);
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
  return {
    url,
    stderr: () => stderr,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The environment of a CLI run: a person's terminal (not CI, whatever runs the tests), plus `extra`. */
function cliEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.CI;
  delete env.GITHUB_ACTIONS;
  return { ...env, ...extra };
}

/** The clock of `devSite()`'s dev server. */
export const DEV_NOW = Date.parse('2026-01-01T00:00:00Z');

/** A project of its own in a temporary folder: the files, the sample layouts copied in, Broadsheet as a dependency, a config file. */
export async function devProject(files: Record<string, string>, config: Record<string, unknown> = {}) {
  const dir = await tempSite(files);
  await cp(SAMPLE_LAYOUTS, path.join(dir, 'layouts'), { recursive: true });
  await mkdir(path.join(dir, 'node_modules'));
  await symlink(REPO, path.join(dir, 'node_modules', 'broadsheet'));
  await writeFile(
    path.join(dir, 'broadsheet.config.json'),
    JSON.stringify({ url: 'https://example.org/news/', search: false, ...config }),
  );
  return dir;
}

/** A dev server on a project folder (`devProject()`), at `DEV_NOW`; `log` sees its progress lines. */
export async function startDevIn(dir: string, options: { log?: (line: string) => void; preview?: boolean } = {}) {
  const problems: Diagnostic[][] = [];
  const session = await startDev({
    cwd: dir,
    overrides: { now: DEV_NOW },
    port: 0,
    host: '127.0.0.1',
    jobs: 1,
    log: options.log ?? (() => {}),
    report: (d) => problems.push([...d]),
    preview: options.preview,
  });
  return { session, problems };
}

/** A dev server on a temporary site of its own (layouts copied, Broadsheet as a dependency). */
export async function devSite(files: Record<string, string>, config: Record<string, unknown> = {}) {
  const dir = await devProject(files, config);
  return { dir, ...(await startDevIn(dir)) };
}

/** Two folders hold the same files with the same bytes. */
export async function sameTrees(a: string, b: string) {
  const files = await listFiles(a);
  expect(await listFiles(b)).toEqual(files);
  for (const rel of files) {
    const [x, y] = await Promise.all([readFile(path.join(a, rel)), readFile(path.join(b, rel))]);
    expect(x.equals(y), rel).toBe(true);
  }
}
