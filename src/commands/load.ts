import path from 'node:path';
import {
  parseWorkCommand,
  leftAsItWas,
  plural,
  printTimings,
  progressFor,
  report,
  reporterOption,
  reportProblems,
  type Io,
} from './shared.ts';

export const LOAD_HELP = `Usage: broadsheet load --part I/N --into DIR [options]

Load part I of N of the articles (read, validate, render the bodies, encode the
pictures) into DIR, for builds to start from with "broadsheet build --loaded DIR".
The articles are cut into N runs of about equal size, in file-name order, so N
machines each load one part, and the shards of a large archive share the parsing
instead of each doing all of it. Nothing is published. Run again into the same DIR,
a part loads only the articles that changed.

Options:
  --part I/N        Which part of how many, counted from 1 (required)
  --into DIR        The part's folder: part.json, cache/ and photos/ (required)
  --articles DIR    Article sources. Default: articles
  --config FILE     Site config file, the one the build will use. Default:
                    broadsheet.config.{ts,mjs,js,json} in the working directory
  --base-url URL    The --base-url the build will use, if any. Default: "url" from
                    the config
  --hold-invalid    Exit 0 when articles have errors (the build holds them back)
  --jobs N          Worker threads. Default: the number of cores available
  --reporter NAME   "human" or "github" (GitHub Actions annotations).
                    Default: github when CI=true, else human
  --verbose         Print the time each stage took
  --quiet           Print only errors
  -h, --help        Show this help

Exit status: 0 loaded, 1 articles have errors (the part is written all the same) or
the folder cannot be used, 2 bad usage, 70 an internal error.

See docs/sharding.md for the workflow: load parts, build shards, merge.`;

const loadOptions = {
  ...reporterOption,
  part: { type: 'string' },
  into: { type: 'string' },
  articles: { type: 'string' },
  config: { type: 'string' },
  'base-url': { type: 'string' },
  'hold-invalid': { type: 'boolean' },
  jobs: { type: 'string' },
  verbose: { type: 'boolean' },
  quiet: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function runLoad(argv: readonly string[], io: Io): Promise<number> {
  const parsed = parseWorkCommand('load', argv, loadOptions, LOAD_HELP, io);
  if (typeof parsed === 'number') return parsed;
  const { values, usage, reporter, jobs } = parsed;
  if (values.part === undefined) return usage('--part I/N is required (e.g. --part 2/4)');
  if (values.into === undefined) return usage('--into DIR is required: the folder the part is written to');
  const [{ parseShard }, { loadPart }, { loadConfig }] = await Promise.all([
    import('../pipeline/shard.ts'),
    import('../pipeline/load-part.ts'),
    import('../config/config.ts'),
  ]);
  const part = parseShard(values.part, '--part');
  if (typeof part === 'string') return usage(part);

  const started = performance.now();
  const { config, diagnostics: configProblems } = await loadConfig({
    cwd: io.cwd,
    configFile: values.config,
    overrides: { articles: values.articles, url: values['base-url'] },
  });
  if (!config) {
    report(configProblems, io, reporter);
    return 1;
  }
  const into = path.resolve(io.cwd, values.into);
  const progress = progressFor(io, values.quiet);
  const result = await loadPart(config, { part, into, cwd: io.cwd, jobs, progress });
  progress?.clear();
  const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
  reportProblems(result.diagnostics, io, reporter, values.quiet);
  if (values.verbose) printTimings(result.timings, io);
  const shown = path.relative(io.cwd, into) || '.';
  if (!result.ok) {
    io.err(`load failed: ${plural(errors, 'error')}; ${leftAsItWas(into, shown)}`);
    return 1;
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  if (!values.quiet) {
    const { pictures, encoded } = result.photos;
    io.out(
      `loaded part ${part.index}/${part.of}: ${plural(result.articles, 'article')} (${result.parsed} parsed` +
        (pictures ? `; ${plural(pictures, 'picture')}, ${plural(encoded, 'file')} encoded` : '') +
        `) into ${shown} in ${seconds} s`,
    );
  }
  if (errors > 0 && !values['hold-invalid']) {
    io.err(
      `${plural(errors, 'error')} in the articles: the build will fail on them (or hold them back with --hold-invalid)`,
    );
    return 1;
  }
  return 0;
}
