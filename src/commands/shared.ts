import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Progress } from '../pipeline/builder.ts';
import { formatAnnotations, formatDiagnostics, hasErrors, type Diagnostic } from '../diagnostics/diagnostics.ts';
import { closestName } from '../util/closest-name.ts';

/** Where a command prints, and what kind of terminal it prints to. */
export interface Io {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly cwd: string;
  /** ANSI colours in reports (a terminal, without NO_COLOR, outside CI). */
  readonly color: boolean;
  /** A self-overwriting progress line (a terminal, outside CI). */
  readonly tty: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export const defaultIo = (): Io => {
  const ci = process.env.CI === 'true' || process.env.CI === '1';
  const tty = Boolean(process.stderr.isTTY) && Boolean(process.stdout.isTTY) && !ci;
  return {
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
    cwd: process.cwd(),
    color: tty && !process.env.NO_COLOR,
    tty,
    env: process.env,
  };
};

/** Options every command that reads the site takes. */
export const sourceOptions = {
  articles: { type: 'string' },
  layouts: { type: 'string' },
  out: { type: 'string' },
  'base-url': { type: 'string' },
  drafts: { type: 'boolean' },
  now: { type: 'string' },
  config: { type: 'string' },
  jobs: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} satisfies ParseArgsConfig['options'];

export const reporterOption = { reporter: { type: 'string' } } satisfies ParseArgsConfig['options'];

/**
 * Parse a command's arguments. Returns the exit code instead when the command is done
 * (bad usage: 2, printed with the help; `--help`: 0).
 */
export function parseCommand<const O extends NonNullable<ParseArgsConfig['options']>>(
  name: string,
  argv: readonly string[],
  options: O,
  help: string,
  io: Io,
  positionals = 0,
) {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options, strict: true, allowPositionals: positionals > 0, tokens: true });
  } catch (error) {
    io.err(`broadsheet ${name}: ${usageError(error as Error, Object.keys(options))}\n\n${shortUsage(name, help)}`);
    return 2;
  }
  const twice = givenTwice(parsed.tokens, options);
  if (twice) {
    io.err(`broadsheet ${name}: ${twice}\n\n${shortUsage(name, help)}`);
    return 2;
  }
  if ((parsed.values as { help?: boolean }).help) {
    io.out(help);
    return 0;
  }
  if (parsed.positionals.length > positionals) {
    io.err(`broadsheet ${name}: unexpected argument "${parsed.positionals[positionals]}"\n\n${shortUsage(name, help)}`);
    return 2;
  }
  return parsed;
}

/**
 * Node's parser error in the words of this program: an unknown option with the one
 * probably meant, without the parser's advice about positionals that start with "-".
 */
function usageError(error: Error, known: readonly string[]): string {
  const dashed = /^Option '(--[^' ]+)' argument is ambiguous/.exec(error.message);
  if (dashed) return `${dashed[1]} needs a value; one that starts with "-" is written ${dashed[1]}=-…`;
  const missing = /^Option '(?:-[^-', ]+, )?(--[^' ]+) <value>' argument missing/.exec(error.message);
  if (missing) return `${missing[1]} needs a value`;
  const unknown = /^Unknown option '(-{1,2})([^']+)'/.exec(error.message);
  if (!unknown) return error.message;
  const near = closestName(unknown[2]!, known);
  return `unknown option ${unknown[1]}${unknown[2]}${near ? `; did you mean --${near}?` : ''}`;
}

/**
 * An option that takes one value, given two different ones: the parser keeps the last, and
 * `--shard 1/3 --shard 2/3` would build shard 2 without a word.
 */
function givenTwice(
  tokens: readonly { kind: string; name?: string; value?: string | undefined }[] | undefined,
  options: NonNullable<ParseArgsConfig['options']>,
): string | undefined {
  const seen = new Map<string, string>();
  for (const token of tokens ?? []) {
    if (token.kind !== 'option' || token.name === undefined || token.value === undefined) continue;
    if (options[token.name]?.multiple) continue;
    const before = seen.get(token.name);
    if (before !== undefined && before !== token.value)
      return `--${token.name} is given twice ("${before}" and "${token.value}"): give it once`;
    seen.set(token.name, token.value);
  }
  return undefined;
}

/** A command's usage line and where its options are told: the whole help buries the error above it. */
export const shortUsage = (name: string, help: string): string =>
  `${help.split('\n', 1)[0]}\nRun "broadsheet ${name} --help" for its options.`;

/**
 * The start of a command that loads articles (build, load): its arguments, how to report
 * bad usage, the reporter and `--jobs`; or the exit code when it is done already.
 */
export function parseWorkCommand<const O extends NonNullable<ParseArgsConfig['options']>>(
  name: string,
  argv: readonly string[],
  options: O,
  help: string,
  io: Io,
) {
  const parsed = parseCommand(name, argv, options, help, io);
  if (typeof parsed === 'number') return parsed;
  const usage = (message: string) => {
    io.err(`broadsheet ${name}: ${message}`);
    return 2;
  };
  const values = parsed.values as { reporter?: string; jobs?: string };
  const chosen = chooseReporter(values.reporter, io);
  if (chosen !== 'human' && chosen !== 'github') return usage(chosen);
  const reporter: Reporter = chosen;
  const jobs = parseJobs(values.jobs);
  if (typeof jobs === 'string') return usage(jobs);
  return { values: parsed.values, usage, reporter, jobs };
}

/** A whole number of 1 or more, or undefined when not given; a string is the error. */
export function parseJobs(value: string | undefined): number | undefined | string {
  if (value === undefined) return undefined;
  const jobs = Number(value);
  return Number.isInteger(jobs) && jobs >= 1 ? jobs : `--jobs "${value}" must be a whole number of 1 or more`;
}

/** `--port`: a TCP port number, 8080 when not given; otherwise the problem to report. */
export function parsePort(value: string | undefined): number | string {
  const port = Number(value ?? 8080);
  return Number.isInteger(port) && port >= 0 && port <= 65535 ? port : `--port "${value}" is not a port number`;
}

export type Reporter = 'human' | 'github';

/** `--reporter`, else GitHub annotations under CI (`CI=true`, which GitHub Actions sets), else human. */
export function chooseReporter(value: string | undefined, io: Io): Reporter | string {
  if (value === undefined) return io.env.CI === 'true' || io.env.GITHUB_ACTIONS === 'true' ? 'github' : 'human';
  return value === 'human' || value === 'github' ? value : `--reporter "${value}" must be "human" or "github"`;
}

/** A command's problems as it prints them: only the errors with `--quiet`. */
export function reportProblems(diagnostics: readonly Diagnostic[], io: Io, reporter: Reporter, quiet = false): void {
  report(quiet ? diagnostics.filter((d) => d.severity === 'error') : diagnostics, io, reporter);
}

/** The time each stage or step took (`--verbose`), on stderr. */
export function printTimings(timings: readonly (readonly [string, number])[], io: Io): void {
  for (const [name, ms] of timings) io.err(`  ${name.padEnd(10)} ${ms.toFixed(1).padStart(9)} ms`);
}

/** Print diagnostics: code frames and hints for people, annotations for GitHub Actions. */
export function report(diagnostics: readonly Diagnostic[], io: Io, reporter: Reporter = 'human'): void {
  if (diagnostics.length === 0) return;
  if (reporter === 'github') {
    io.err(formatAnnotations(diagnostics));
    return;
  }
  const sources = new Map<string, string | undefined>();
  const source = (file: string) => {
    if (!sources.has(file)) {
      try {
        sources.set(file, readFileSync(path.resolve(io.cwd, file), 'utf8'));
      } catch {
        sources.set(file, undefined);
      }
    }
    return sources.get(file);
  };
  io.err(formatDiagnostics(diagnostics, { source, color: io.color }));
  if (hasErrors(diagnostics)) io.err('');
}

/**
 * Progress as the command's settings want it: the self-overwriting line on a terminal,
 * plain log lines elsewhere (a CI job's log), none with `--quiet`.
 */
export function progressFor(io: Io, quiet: boolean | undefined): (Progress & { clear(): void }) | undefined {
  if (quiet) return undefined;
  return io.tty ? progressLine() : { ...progressLog(io.err), clear: () => {} };
}

/** A stage with fewer items than this is over too soon for a log to need its progress. */
export const LOGGED_LEAST = 1000;

/**
 * Progress for a log, where a redrawn line would be noise: a line at a stage's first
 * count, when it has many items, and each time it passes another tenth of them, with the seconds since the
 * command started, so that a long build in CI shows where it is and where its time went.
 * Driven by the stages' own counts alone, so the lines of a build are the same each time.
 */
export function progressLog(
  write: (line: string) => void,
  least = LOGGED_LEAST,
  clock: () => number = () => performance.now(),
): Progress {
  const started = clock();
  const shown = new Map<string, { done: number; tenth: number }>();
  return {
    tick: (stage, done, total) => {
      if (total < least) return;
      const tenth = Math.floor((done * 10) / total);
      const last = shown.get(stage);
      // A count that went back is the stage running again (a second search of a merge).
      if (last && last.done <= done && last.tenth >= tenth) return;
      shown.set(stage, { done, tenth });
      const seconds = ((clock() - started) / 1000).toFixed(1);
      write(`[${seconds} s] ${stage} ${done}/${total} (${tenth * 10} %)`);
    },
  };
}

/** A single self-overwriting progress line on a terminal, at most ~10 updates a second. */
export function progressLine(): Progress & { clear(): void } {
  let last = 0;
  const write = (text: string) => process.stderr.write(`\r\x1b[2K${text}`);
  return {
    clear: () => write(''),
    stage: (name) => write(`${name}…`),
    tick: (stage, done, total) => {
      const now = performance.now();
      if (done !== total && now - last < 100) return;
      last = now;
      write(`${stage} ${done}/${total}`);
    },
  };
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** What a failed command says of its output folder: left as it was, or never there. */
export const leftAsItWas = (dir: string, shown: string): string =>
  existsSync(dir) ? `${shown} was left as it was` : 'nothing was written';

export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
