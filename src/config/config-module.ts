import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Message } from 'esbuild';
import { broadsheetItself, nodeForJavaScript, ownLocation } from '../util/bundle-plugins.ts';
import { defaultExport } from '../util/typescript.ts';

/** A config file that cannot be compiled or run, with the place esbuild points at. */
export class ConfigModuleError extends Error {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  constructor(message: string, file: string, line = 1, column = 1) {
    super(message);
    this.file = file;
    this.line = line;
    this.column = column;
  }
}

/**
 * Read the raw user config from a .ts/.js/.mjs module (its default export) or a .json file.
 *
 * A module is bundled with esbuild (its local imports and any TypeScript with it) and
 * imported from memory, rather than imported through TypeScript hooks: `broadsheet` then
 * resolves to the running Broadsheet from any folder (a site needs no node_modules of its
 * own), a project without `"type": "module"` needs no CommonJS interop, and no hooks slow
 * down the rest of the process.
 */
export async function readConfigModule(file: string): Promise<unknown> {
  if (file.endsWith('.json')) return readJsonConfig(file);
  const { build } = await import('esbuild');
  let code: string;
  try {
    const result = await build({
      entryPoints: [file],
      absWorkingDir: path.dirname(file),
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      // Resolve packages as Node does, like the layouts.
      conditions: [],
      mainFields: ['main'],
      logLevel: 'silent',
      plugins: [broadsheetItself(), nodeForJavaScript(new Set()), ownLocation()],
    });
    code = result.outputFiles[0]!.text;
  } catch (error) {
    const first = (error as { errors?: Message[] }).errors?.[0];
    if (!first) throw error;
    const where = first.location;
    throw new ConfigModuleError(
      first.text,
      where ? path.resolve(path.dirname(file), where.file) : file,
      where?.line ?? 1,
      (where?.column ?? 0) + 1,
    );
  }
  // The same text is the same module to Node: an unchanged config reloaded in watch mode
  // is not evaluated again, an edited one is.
  const url = `data:text/javascript;base64,${Buffer.from(code).toString('base64')}`;
  return defaultExport((await import(url)) as { default?: unknown });
}

/** A JSON config, or a ConfigModuleError at the line and column where it stops parsing. */
async function readJsonConfig(file: string): Promise<unknown> {
  const text = await readFile(file, 'utf8');
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const position = jsonErrorPosition(message, text);
    const before = text.slice(0, position ?? 0);
    const line = before.split('\n').length;
    const column = before.length - before.lastIndexOf('\n');
    // Without the snippet of the file V8 quotes, line breaks and all: the code frame shows it.
    const reason = message
      .replace(/ in JSON at position \d+.*$/s, '')
      .replace(/, (\.\.\.)?"[\s\S]*" is not valid JSON$/, '');
    throw new ConfigModuleError(reason, file, line, column);
  }
}

/**
 * Where V8's JSON.parse stopped, from its message: "… at position 13", or for an
 * unexpected token the snippet it quotes, which starts 10 characters before the token
 * when it starts with "…" (V8's context of 10 characters each side).
 */
function jsonErrorPosition(message: string, text: string): number | undefined {
  const at = /at position (\d+)/.exec(message);
  if (at) return Number(at[1]);
  const quoted = /^Unexpected token '([\s\S])', (\.\.\.)?"([\s\S]*)"(\.\.\.)? is not valid JSON$/.exec(message);
  if (!quoted) return undefined;
  const [, token, before, snippet = '', after] = quoted;
  const start = text.indexOf(snippet);
  if (start < 0) return undefined;
  if (before) return start + 10;
  if (after) return start + snippet.length - 10;
  const found = text.indexOf(token!, start);
  return found < 0 ? undefined : found;
}
