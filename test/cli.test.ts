import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import pkg from '../package.json' with { type: 'json' };
import { article, cli, removeDir, SAMPLE_LAYOUTS, tempSite } from './helpers.ts';

describe('broadsheet CLI', () => {
  it('should print help for the program and for build', async () => {
    const main = await cli(['--help']);
    expect(main.code).toBe(0);
    expect(main.stdout).toContain('Usage: broadsheet <command>');
    const build = await cli(['build', '--help']);
    expect(build.code).toBe(0);
    for (const flag of [
      '--articles',
      '--layouts',
      '--out',
      '--base-url',
      '--drafts',
      '--now',
      '--config',
      '--verbose',
    ]) {
      expect(build.stdout).toContain(flag);
    }
  });

  it('should print help for every command, listing every option it accepts', async () => {
    const main = await cli(['--help']);
    for (const [command, flags] of [
      ['new', ['--section', '--author', '--draft', '--now', '--articles', '--config']],
      ['dev', ['--port', '--host', '--open', '--jobs', '--no-preview']],
      ['check', ['--base-url', '--json', '--reporter', '--quiet']],
      ['serve', ['--base-url', '--port', '--host']],
      ['changes', ['--since', '--json', '--base-url']],
      ['build', ['--check', '--compress', '--reporter', '--no-cache', '--shard']],
      ['merge', ['--out', '--config', '--base-url', '--reporter', '--verbose', '--quiet']],
      ['retire', ['--reason', '--date', '--unlisted', '--replace', '--config']],
    ] as const) {
      expect(main.stdout).toContain(`  ${command} `);
      const help = await cli([command, '--help']);
      expect(help.code, command).toBe(0);
      expect(help.stdout).toContain(`Usage: broadsheet ${command}`);
      for (const flag of flags) expect(help.stdout, `${command} ${flag}`).toContain(flag);
    }
    const usage = await cli(['changes']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--since is required');
    // The usage line and where the options are, as every command says it, not the whole help.
    for (const args of [['changes'], ['retire', '/2024/01/01/a/'], ['import']]) {
      const told = await cli(args);
      expect(told.code, args.join(' ')).toBe(2);
      expect(told.stderr, args.join(' ')).toContain(`\nRun "broadsheet ${args[0]} --help" for its options.`);
      expect(told.stderr.split('\n').length, args.join(' ')).toBeLessThan(8);
    }
    // A retired URL's reason is a field of one line of the ledger: a line break would write another.
    const reason = await cli(['retire', '/2024/01/01/a/', '--reason', 'legal\n/\tretired\t2020-01-01\tx']);
    expect([reason.code, reason.stderr.split('\n')[0]]).toEqual([
      2,
      'broadsheet retire: --reason must be one line, without tabs',
    ]);
    const reporter = await cli(['check', '--reporter', 'xml']);
    expect(reporter.code).toBe(2);
    expect(reporter.stderr).toContain('--reporter "xml" must be "human" or "github"');
  });

  it('should print its version', async () => {
    expect((await cli(['--version'])).stdout.trim()).toBe(pkg.version);
  });

  it('should exit 2 with a message on bad usage', async () => {
    const unknown = await cli(['publish']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "publish"');
    const misspelt = await cli(['biuld']);
    expect([misspelt.code, misspelt.stderr.trim()]).toEqual([
      2,
      'broadsheet: unknown command "biuld": did you mean `broadsheet build`?',
    ]);
    const flag = await cli(['build', '--nope']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('broadsheet build: unknown option --nope\n');
    expect((await cli(['build', '--ouT', 'x'])).stderr).toContain('unknown option --ouT; did you mean --out?');
    // One value given twice is not quietly the last; a value with a leading dash is told how.
    const twice = await cli(['build', '--shard', '1/3', '--shard', '2/3']);
    expect([twice.code, twice.stderr.split('\n')[0]]).toEqual([
      2,
      'broadsheet build: --shard is given twice ("1/3" and "2/3"): give it once',
    ]);
    const dashed = await cli(['build', '--shard', '-1/3']);
    expect([dashed.code, dashed.stderr.split('\n')[0]]).toEqual([
      2,
      'broadsheet build: --shard needs a value; one that starts with "-" is written --shard=-…',
    ]);
    const bare = await cli(['merge', 'a', '--out']);
    expect([bare.code, bare.stderr.split('\n')[0]]).toEqual([2, 'broadsheet merge: --out needs a value']);
    // The usage line and where the options are, not the whole help burying the error.
    expect(flag.stderr).toContain('Usage: broadsheet build [options]\nRun "broadsheet build --help" for its options.');
    expect(flag.stderr.split('\n').length).toBeLessThan(8);
    const help = await cli(['help', 'build']);
    expect(help.code).toBe(0);
    expect(help.stdout).toBe((await cli(['build', '--help'])).stdout);
    const now = await cli(['build', '--now', 'tomorrow']);
    expect(now.code).toBe(2);
    expect(now.stderr).toContain('--now "tomorrow" is not an ISO 8601 date');
  });

  it('should name the config file given with --config in its warnings', async () => {
    const dir = await tempSite({
      'site/paper.json': JSON.stringify({
        url: 'https://example.org/',
        search: false,
        ledger: false,
        publisher: { logo: 'missing.png' },
      }),
      'site/articles/a.md': article({ title: 'A story', date: '2024-01-01T10:00:00Z' }),
    });
    try {
      const built = await cli(['build', '--config', 'site/paper.json'], dir);
      expect(built.code).toBe(0);
      const shown = new RegExp(`^${path.join('site', 'paper.json').replace(/[./]/g, '\\$&')}:`);
      for (const words of ['search indexing is off', 'publisher.logo "missing.png"'])
        expect(built.stderr.split('\n').find((line) => line.includes(words))).toMatch(shown);
    } finally {
      await removeDir(dir);
    }
  });

  it('should report an invalid config value as an error, not a stack trace', async () => {
    const bad = await cli(['build', '--base-url', 'ftp://example.org/']);
    expect(bad.code).toBe(1);
    // Given on the command line, not in the file: no line of the file is shown for it.
    expect(bad.stderr).toMatch(/broadsheet\.config\.ts:1:1: error --base-url: must be an absolute http\(s\) URL/);
  });
});

describe('broadsheet build --verbose', () => {
  it("should tell a GitHub Actions step whether the build changed the site, in the step's outputs", async () => {
    const dir = await tempSite({
      'broadsheet.config.json': JSON.stringify({ url: 'https://example.org/', search: false, ledger: false }),
      'articles/s1.md': article({ title: 'Story 1', date: '2024-01-01T10:00:00Z' }),
    });
    try {
      const outputs = path.join(dir, 'github-output');
      const build = async () => {
        await writeFile(outputs, '');
        const run = await cli(['build', '--now', '2024-02-01T00:00:00Z', '--layouts', SAMPLE_LAYOUTS], dir, {
          GITHUB_OUTPUT: outputs,
        });
        expect(run.code, run.stderr).toBe(0);
        const lines = (await readFile(outputs, 'utf8')).trim().split('\n');
        return Object.fromEntries(lines.map((line) => line.split('=') as [string, string]));
      };
      const first = await build();
      expect(first.changed).toBe('true');
      expect(Number(first.written)).toBeGreaterThan(0);
      expect(Number(first.rendered)).toBeGreaterThan(0);
      expect(await build()).toEqual({ changed: 'false', written: '0', deleted: '0', rendered: '0' });
    } finally {
      await removeDir(dir);
    }
  });

  it('should say how many pages it described and how many it kept as the last build left them', async () => {
    const dir = await tempSite({
      'broadsheet.config.json': JSON.stringify({ url: 'https://example.org/', search: false, ledger: false }),
      ...Object.fromEntries(
        [1, 2, 3, 4, 5, 6].map((n) => [
          `articles/s${n}.md`,
          article({ title: `Story ${n}`, date: `2024-01-0${n}T10:00:00Z` }),
        ]),
      ),
    });
    try {
      const build = () =>
        cli(['build', '--verbose', '--now', '2024-02-01T00:00:00Z', '--layouts', SAMPLE_LAYOUTS], dir);
      const line = (stderr: string): [number, number] => {
        const match = /^ {2}pages +(\d+) described, (\d+) kept as the last build left them$/m.exec(stderr);
        expect(match, stderr).not.toBeNull();
        return [Number(match![1]), Number(match![2])];
      };
      const first = await build();
      expect(first.code).toBe(0);
      const [described] = line(first.stderr);
      expect(line(first.stderr)).toEqual([described, 0]);
      // A new story: the pages that cannot show it are kept without a look.
      await writeFile(path.join(dir, 'articles/s7.md'), article({ title: 'Story 7', date: '2024-01-07T10:00:00Z' }));
      const [again, kept] = line((await build()).stderr);
      expect(kept).toBeGreaterThan(0);
      expect(again).toBeLessThanOrEqual(described);
    } finally {
      await removeDir(dir);
    }
  });
});
