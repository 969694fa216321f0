import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { select, selectAll } from 'hast-util-select';
import { toString } from 'hast-util-to-string';
import { build } from '../src/build.ts';
import { resolveConfig, type UserConfig } from '../src/config.ts';
import { createMemoryWriter } from '../src/writer.ts';

export const REPO = path.resolve(import.meta.dirname, '..');
export const SAMPLE_LAYOUTS = path.join(REPO, 'layouts');
/** A fixed clock for the sample site: after every sample story but the embargoed one. */
export const SAMPLE_NOW = Date.parse('2026-11-27T12:00:00Z');

/** Make a temporary folder with the given files (path → contents). */
export async function tempSite(files: Record<string, string | Uint8Array> = {}): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'broadsheet-test-'));
  for (const [rel, contents] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
    await writeFile(path.join(dir, rel), contents);
  }
  return dir;
}

export const removeDir = (dir: string) => rm(dir, { recursive: true, force: true });

/** A minimal valid article. */
export function article(fields: Record<string, string> = {}, body = 'Body text.'): string {
  const all = { title: 'A headline', date: '2024-01-02T10:00:00Z', ...fields };
  return `---\n${Object.entries(all)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n')}\n---\n\n${body}\n`;
}

/** Build articles (in `dir/articles`) with the sample layouts into memory. */
export async function buildInMemory(dir: string, user: UserConfig = {}, options: { now?: number; drafts?: boolean; layouts?: string } = {}) {
  const { config, diagnostics } = resolveConfig(
    { articles: 'articles', ...user },
    { root: dir, overrides: { now: options.now ?? SAMPLE_NOW, drafts: options.drafts, layouts: options.layouts ?? SAMPLE_LAYOUTS } },
  );
  if (!config) throw new Error(JSON.stringify(diagnostics));
  const writer = createMemoryWriter();
  const result = await build(config, { cwd: dir, writer });
  const page = (rel: string): Root => {
    const bytes = writer.output.get(rel);
    if (!bytes) throw new Error(`no ${rel} in output: ${[...writer.output.keys()].join(', ')}`);
    return fromHtml(Buffer.from(bytes).toString('utf8'));
  };
  const text = (rel: string) => Buffer.from(writer.output.get(rel) ?? '').toString('utf8');
  return { result, writer, page, text, config };
}

export { select, selectAll, toString };

const run = promisify(execFile);
const BIN = path.join(REPO, 'bin/broadsheet.js');

/** Run the real CLI as a user would; never throws, returns exit code and output. */
export async function cli(args: string[], cwd = REPO): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
