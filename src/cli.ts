import { readFileSync } from 'node:fs';
import path from 'node:path';
import { defaultIo, type Io } from './commands/shared.ts';
import { packageRoot } from './util/package-root.ts';
import { closestName } from './util/closest-name.ts';
import { OutputFolderError } from './output/output-folder.ts';

const pkg = JSON.parse(readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as { version: string };

const MAIN_HELP = `broadsheet ${pkg.version}: a static site generator for news stories

Usage: broadsheet <command> [options]

Commands:
  init      Start a project: config, example story, .gitignore and publishing workflow
  new       Start a story: articles/YYYY-MM-DD-slug.md from a template
  build     Build the site from articles/ and layouts/ into dist/
  merge     Join the outputs of sharded builds (build --shard I/N) into the site
  load      Load one part of the articles for sharded builds (build --loaded DIR)
  dev       Build, serve on localhost with live reload, and rebuild on every save
  check     Check a built site (links, anchors, feeds, sitemaps, metadata) before publishing
  serve     Serve a built site as a static host would (base path, 404 page, _headers)
  changes   List what to upload to a published site (from the two manifests)
  import    Convert a Hugo, Jekyll or Eleventy site's posts into articles
  retire    Retire published URLs on purpose (they answer 410 Gone instead of breaking)

Options:
  -h, --help      Show help (also: broadsheet <command> --help)
  -v, --version   Show the version

Run "broadsheet <command> --help" for a command's options.`;

/** Each command's module, loaded only when it runs. */
const commands: Record<string, () => Promise<(argv: readonly string[], io: Io) => Promise<number>>> = {
  init: async () => (await import('./commands/init.ts')).runInit,
  new: async () => (await import('./commands/new.ts')).runNew,
  build: async () => (await import('./commands/build.ts')).runBuild,
  merge: async () => (await import('./commands/merge.ts')).runMerge,
  load: async () => (await import('./commands/load.ts')).runLoad,
  dev: async () => (await import('./commands/dev.ts')).runDev,
  check: async () => (await import('./commands/check.ts')).runCheck,
  serve: async () => (await import('./commands/serve.ts')).runServe,
  changes: async () => (await import('./commands/changes.ts')).runChanges,
  import: async () => (await import('./commands/import.ts')).runImport,
  retire: async () => (await import('./commands/retire.ts')).runRetire,
};

/**
 * Run the CLI; resolves to the exit code. Problems in the user's site are diagnostics;
 * anything else is a bug in Broadsheet, reported in one paragraph (the stack only with
 * BROADSHEET_DEBUG=1).
 */
export async function main(argv: readonly string[], io: Io = defaultIo()): Promise<number> {
  try {
    return await run(argv, io);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof OutputFolderError) {
      io.err(`broadsheet: ${message}`);
      return 1;
    }
    io.err(`broadsheet: internal error: ${message}`);
    if (process.env.BROADSHEET_DEBUG && error instanceof Error) io.err(error.stack ?? '');
    else io.err('Run again with BROADSHEET_DEBUG=1 for details, and please report it.');
    return 70;
  }
}

async function run(argv: readonly string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  // "broadsheet help build" is "broadsheet build --help".
  const about = command === 'help' && rest.length === 1 ? commands[rest[0]!] : undefined;
  if (about) return (await about())(['--help'], io);
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    io.out(MAIN_HELP);
    return command === undefined ? 2 : 0;
  }
  if (command === '-v' || command === '--version') {
    io.out(pkg.version);
    return 0;
  }
  const load = commands[command];
  if (!load) {
    const near = closestName(command, Object.keys(commands));
    if (near) {
      io.err(`broadsheet: unknown command "${command}": did you mean \`broadsheet ${near}\`?`);
      return 2;
    }
    io.err(`broadsheet: unknown command "${command}"\n\n${MAIN_HELP}`);
    return 2;
  }
  return (await load())(rest, io);
}
