import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { copyFile, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Version of dist/.broadsheet/manifest.json. */
export const MANIFEST_VERSION = 1;
export const MANIFEST_PATH = '.broadsheet/manifest.json';

/** Where the build's output goes. Paths are relative to the output folder, "/"-separated. */
export interface OutputWriter {
  write(rel: string, contents: string | Uint8Array): Promise<void>;
  copy(from: string, rel: string): Promise<void>;
  /** Make the output visible (atomically for disk output); writes the manifest first. */
  commit(): Promise<void>;
  /** Throw away everything written; the previous output stays as it was. */
  abort(): Promise<void>;
  /** Files written so far with their sizes and hashes. */
  readonly files: ReadonlyMap<string, { size: number; sha256: string }>;
}

/**
 * Check an output path: relative, no "..", no backslashes or control characters. This is
 * the last line of defence that keeps every write inside the output folder.
 */
export function checkOutputPath(rel: string): string {
  const parts = rel.split('/');
  if (
    rel === '' ||
    rel.startsWith('/') ||
    /[\\\u0000-\u001f]/.test(rel) ||
    /^[a-z]:/i.test(rel) ||
    parts.some((p) => p === '' || p === '.' || p === '..')
  ) {
    throw new Error(`refusing to write "${rel}": not a path inside the output folder`);
  }
  return rel;
}

function digest(contents: string | Uint8Array) {
  const buffer = typeof contents === 'string' ? Buffer.from(contents) : contents;
  return { size: buffer.byteLength, sha256: createHash('sha256').update(buffer).digest('hex') };
}

/** The manifest: every output file with size and hash, sorted, for deploy steps. */
function manifest(files: ReadonlyMap<string, { size: number; sha256: string }>): string {
  const sorted = Object.fromEntries([...files].sort(([a], [b]) => (a < b ? -1 : 1)));
  return `${JSON.stringify({ version: MANIFEST_VERSION, generator: 'broadsheet', files: sorted }, null, 1)}\n`;
}

/**
 * Writes into a staging folder beside the output folder and swaps it in on commit, so a
 * failed or interrupted build never leaves a half-written or emptied output.
 */
export function createStagingWriter(outDir: string): OutputWriter {
  const parent = path.dirname(outDir);
  const name = path.basename(outDir);
  const staging = path.join(parent, `.${name}.staging-${process.pid}`);
  const files = new Map<string, { size: number; sha256: string }>();
  const made = new Set<string>();
  let started = false;

  const target = async (rel: string) => {
    checkOutputPath(rel);
    if (files.has(rel)) throw new Error(`two pages would both be written to "${rel}"`);
    if (!started) {
      await rm(staging, { recursive: true, force: true });
      await mkdir(staging, { recursive: true });
      started = true;
    }
    const file = path.join(staging, rel);
    const dir = path.dirname(file);
    if (!made.has(dir)) {
      await mkdir(dir, { recursive: true });
      made.add(dir);
    }
    return file;
  };

  return {
    files,
    async write(rel, contents) {
      const file = await target(rel);
      files.set(rel, digest(contents));
      await writeFile(file, contents);
    },
    async copy(from, rel) {
      const file = await target(rel);
      files.set(rel, digest(await readFile(from)));
      await copyFile(from, file);
    },
    async commit() {
      await writeFile(await target(MANIFEST_PATH), manifest(files));
      const old = path.join(parent, `.${name}.old-${process.pid}`);
      if (existsSync(outDir)) await rename(outDir, old);
      await rename(staging, outDir);
      await rm(old, { recursive: true, force: true });
    },
    async abort() {
      await rm(staging, { recursive: true, force: true });
    },
  };
}

/** An in-memory writer for tests and previews. */
export function createMemoryWriter(): OutputWriter & { readonly output: Map<string, Uint8Array>; committed: boolean } {
  const output = new Map<string, Uint8Array>();
  const files = new Map<string, { size: number; sha256: string }>();
  const writer = {
    output,
    files,
    committed: false,
    async write(rel: string, contents: string | Uint8Array) {
      checkOutputPath(rel);
      if (files.has(rel)) throw new Error(`two pages would both be written to "${rel}"`);
      const bytes = typeof contents === 'string' ? Buffer.from(contents) : contents;
      files.set(rel, digest(bytes));
      output.set(rel, bytes);
    },
    async copy(from: string, rel: string) {
      await writer.write(rel, await readFile(from));
    },
    async commit() {
      output.set(MANIFEST_PATH, Buffer.from(manifest(files)));
      writer.committed = true;
    },
    async abort() {
      output.clear();
    },
  };
  return writer;
}

/**
 * Refuse output folders whose replacement would destroy something else: the project
 * itself, the sources, a parent of them, or an existing folder that Broadsheet did not make.
 */
export function checkOutputFolder(outDir: string, protect: readonly string[]): string | undefined {
  const out = path.resolve(outDir);
  if (out === path.parse(out).root) return `${outDir} is the root of the file system`;
  for (const dir of protect) {
    const p = path.resolve(dir);
    if (p === out || p.startsWith(out + path.sep)) return `${outDir} contains ${path.relative(process.cwd(), p) || '.'}, which would be deleted`;
  }
  if (existsSync(out)) {
    const entries = readdirSync(out);
    if (entries.length > 0 && !existsSync(path.join(out, MANIFEST_PATH))) {
      return `${outDir} exists and was not written by Broadsheet (no ${MANIFEST_PATH}); it would be replaced`;
    }
  }
  return undefined;
}
