import { execFile } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { cp, mkdir, readFile, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cacheFolder } from '../src/incremental/cache.ts';
import {
  article,
  buildSite,
  cli,
  REPO,
  removeDir,
  SAMPLE_LAYOUTS,
  SAMPLE_NOW,
  sameTrees,
  tempSite,
} from './helpers.ts';

/** Whether `npx broadsheet` runs lib/ (bin/broadsheet.js's own test): it does after `npm ci`. */
function cliRunsLib(): boolean {
  const stamp = path.join(REPO, 'lib', 'STAMP');
  if (!existsSync(stamp)) return false;
  const built = statSync(stamp).mtimeMs;
  if (statSync(path.join(REPO, 'package-lock.json')).mtimeMs > built) return false;
  const src = path.join(REPO, 'src');
  return readdirSync(src, { recursive: true }).every((name) => statSync(path.join(src, String(name))).mtimeMs <= built);
}

describe.skipIf(!cliRunsLib())('layouts compiled by the CLI running from lib/', () => {
  it('import Broadsheet from lib/ rather than bundling it, and render what src/ renders', async () => {
    const dir = await tempSite({
      'broadsheet.config.json': JSON.stringify({ search: false, ledger: false }),
      'articles/first.md': article({ title: 'First story', date: '2026-11-20T10:00:00Z', tags: '[transport]' }),
      'articles/second.md': article(
        { title: 'Second story', date: '2026-11-21T10:00:00Z', section: 'politics' },
        'A paragraph with **bold** text.',
      ),
    });
    try {
      const now = new Date(SAMPLE_NOW).toISOString();
      const run = await cli(['build', '--layouts', SAMPLE_LAYOUTS, '--out', 'from-lib', '--now', now], dir);
      expect(run.code, run.stderr).toBe(0);

      const layouts = path.join(cacheFolder(dir), 'layouts');
      const records = JSON.parse(await readFile(path.join(layouts, 'index.json'), 'utf8')) as {
        dir: string;
        fromLib?: boolean;
        inputs: [string, string][];
      }[];
      expect(records).toHaveLength(1);
      expect(records[0]!.fromLib).toBe(true);
      // Only the layouts themselves (and lib/'s stamp) are bundled: no source of Broadsheet's.
      const inputs = records[0]!.inputs.map(([file]) => path.relative(REPO, file));
      expect(inputs.filter((file) => file.startsWith('src'))).toEqual([]);
      expect(inputs).toContain(path.join('lib', 'STAMP'));
      const story = await readFile(path.join(layouts, records[0]!.dir, 'story.mjs'), 'utf8');
      expect(story).toContain(JSON.stringify(pathToFileURL(path.join(REPO, 'lib', 'index.js')).href));

      // The same site built in this process, from src/ with the layouts' helpers bundled in.
      await buildSite(dir, {}, { cache: false });
      await sameTrees(path.join(dir, 'from-lib'), path.join(dir, 'dist'));
    } finally {
      await removeDir(dir);
    }
  });
});

describe.skipIf(!cliRunsLib())('Broadsheet installed as a package', () => {
  it('should run its compiled lib/, though the package manager wrote src/ after it', async () => {
    const dir = await tempSite({});
    try {
      const pkg = path.join(dir, 'node_modules', 'broadsheet');
      for (const part of ['package.json', 'bin', 'lib'])
        await cp(path.join(REPO, part), path.join(pkg, part), { recursive: true });
      // As npm unpacks a tarball: every file with the time it was written, src/ last. There
      // is no tsx beside it to run src/ with.
      await mkdir(path.join(pkg, 'src'));
      await writeFile(path.join(pkg, 'src', 'cli.ts'), 'throw new Error("src/ ran");\n');
      const later = new Date(statSync(path.join(pkg, 'lib', 'STAMP')).mtimeMs + 60_000);
      await utimes(path.join(pkg, 'src', 'cli.ts'), later, later);
      const run = await promisify(execFile)(process.execPath, [path.join(pkg, 'bin', 'broadsheet.js'), '--version'], {
        cwd: dir,
      });
      const { version } = JSON.parse(await readFile(path.join(REPO, 'package.json'), 'utf8')) as { version: string };
      expect(run.stdout.trim()).toBe(version);
    } finally {
      await removeDir(dir);
    }
  });
});
