import { existsSync } from 'node:fs';
import { appendFile } from 'node:fs/promises';
import path from 'node:path';
import type { MergeResult } from '../pipeline/merge.ts';
import {
  chooseReporter,
  formatBytes,
  parseCommand,
  plural,
  printTimings,
  progressFor,
  report,
  reporterOption,
  reportProblems,
  type Io,
} from './shared.ts';

export const MERGE_HELP = `Usage: broadsheet merge DIR... [options]

Join the outputs of a sharded build ("broadsheet build --shard I/N", one folder per
shard) into the site, as one build of the whole site would have written it: the
shards' files, the search index of every story page (each volume whose pages are
all on one shard that shard made; merge makes the others), _headers and the manifest.
Every shard must be given once, all from the same inputs and settings; otherwise
nothing is merged. The output folder is replaced only when the merge succeeds.
Files are hard links to the shards' files where the file system allows (else
copies): a later shard build replaces its files and leaves the site as it is, but
a file edited in place in a shard folder changes in the site too.

Options:
  --out DIR         Output folder. Default: dist
  --config FILE     Site config file, the one the shards were built with. Default:
                    broadsheet.config.{ts,mjs,js,json} in the working directory
  --base-url URL    The --base-url the shards were built with, if any
  --check           Check the merged site (as "broadsheet check" does, with the URL
                    ledger's promises) before it replaces the output folder: any
                    problem fails the merge and the output stays as it was
  --reporter NAME   "human" or "github" (GitHub Actions annotations).
                    Default: github when CI=true, else human
  --verbose         Print the time each step took
  --quiet           Print only errors
  -h, --help        Show this help

In a GitHub Actions step (GITHUB_OUTPUT set), a successful merge sets the step's
outputs written, deleted and changed (true when it wrote or deleted a file of the
output folder as it was: restore the last merged site there to deploy only changes).

Exit status: 0 merged, 1 the shards do not make one site, the config has errors or
--check found problems (see the messages), 2 bad usage, 70 an internal error.

See docs/sharding.md for the workflow: load parts, build shards, merge.`;

const mergeOptions = {
  ...reporterOption,
  out: { type: 'string' },
  config: { type: 'string' },
  'base-url': { type: 'string' },
  check: { type: 'boolean' },
  verbose: { type: 'boolean' },
  quiet: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function runMerge(argv: readonly string[], io: Io): Promise<number> {
  const parsed = parseCommand('merge', argv, mergeOptions, MERGE_HELP, io, Infinity);
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const usage = (message: string) => {
    io.err(`broadsheet merge: ${message}`);
    return 2;
  };
  const reporter = chooseReporter(values.reporter, io);
  if (reporter !== 'human' && reporter !== 'github') return usage(reporter);
  if (positionals.length === 0)
    return usage('give the output folder of every shard (broadsheet merge DIR... --out DIR)');
  const started = performance.now();
  const [{ loadConfig }, { mergeShards }] = await Promise.all([
    import('../config/config.ts'),
    import('../pipeline/merge.ts'),
  ]);
  const { config, diagnostics: configProblems } = await loadConfig({
    cwd: io.cwd,
    configFile: values.config,
    overrides: { out: values.out, url: values['base-url'] },
  });
  if (!config) {
    report(configProblems, io, reporter);
    io.err('merge failed: the config has errors; nothing was merged');
    return 1;
  }
  const dirs = positionals.map((dir) => path.resolve(io.cwd, dir));
  const existed = existsSync(config.out);
  const progress = progressFor(io, values.quiet);
  const result = await mergeShards(config, dirs, io.cwd, progress, values.check ?? false);
  progress?.clear();
  reportProblems(result.diagnostics, io, reporter, values.quiet);
  if (values.verbose) printTimings(result.timings, io);
  const out = path.relative(io.cwd, config.out) || '.';
  if (!result.ok) {
    const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
    io.err(
      `merge failed: ${plural(errors, 'error')}; ${existed ? `${out} was left as it was` : 'nothing was written'}`,
    );
    return 1;
  }
  // A GitHub Actions step's outputs: the workflow deploys a merge that changed the site.
  const outputs = io.env.GITHUB_OUTPUT;
  if (outputs) {
    const { written, deleted } = result;
    await appendFile(outputs, `changed=${written + deleted > 0}\nwritten=${written}\ndeleted=${deleted}\n`);
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  if (!values.quiet)
    io.out(
      `merged ${plural(result.shards, 'shard')}: ${result.files} files (${formatBytes(result.bytes)}; ${result.written} written, ${result.deleted} deleted) into ${out} in ${seconds} s${searchSummary(result.search)}${result.checked ? `; checked ${plural(result.checked.pages, 'page')} and ${plural(result.checked.links, 'link')}` : ''}`,
    );
  return 0;
}

/** What the summary line says of the search index's volumes. */
function searchSummary(search: MergeResult['search']): string {
  if (!search) return '';
  const { fromShards, made, kept } = search;
  const parts = [`${fromShards} from the shards`, `${made} made`, ...(kept ? [`${kept} kept`] : [])];
  return `; search: ${plural(fromShards + made + kept, 'volume')} (${parts.join(', ')})`;
}
