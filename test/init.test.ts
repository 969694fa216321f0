import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { ownInstallSpec, projectFiles, titleFromFolder } from '../src/commands/init.ts';
import { parseFrontMatter } from '../src/content/frontmatter.ts';
import { readFields } from '../src/content/fields.ts';
import { fromHtml } from 'hast-util-from-html';
import { parse as parseYaml } from 'yaml';
import { cli, listFiles, REPO, removeDir, select, selectAll, tempSite, toString } from './helpers.ts';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeDir));
});
/** A folder in the system's temporary folder: outside Broadsheet's package, as a user's project is. */
const folder = async (files: Record<string, string> = {}) => {
  const dir = await tempSite(files);
  expect(path.relative(REPO, dir).startsWith('..')).toBe(true);
  dirs.push(dir);
  return dir;
};

describe('broadsheet init', () => {
  it('should start a project that builds and checks clean: a config, an example story, a .gitignore, a package.json and a publishing workflow', async () => {
    const dir = await folder();
    const init = await cli(['init', 'paper'], dir);
    expect(init.code, init.stderr).toBe(0);
    const project = path.join(dir, 'paper');
    expect(await listFiles(project)).toEqual([
      '.gitattributes',
      '.github/workflows/publish.yml',
      '.gitignore',
      'articles/welcome.md',
      'broadsheet.config.ts',
      'package.json',
    ]);
    expect(init.stdout).toContain('paper/broadsheet.config.ts');

    // A reporter's table is a table: the config turns GitHub's Markdown on.
    const welcome = path.join(project, 'articles/welcome.md');
    await writeFile(welcome, `${await readFile(welcome, 'utf8')}\n| Ward | Votes |\n|---|--:|\n| North | 1,204 |\n`);
    const build = await cli(['build'], project);
    expect(build.code, build.stderr).toBe(0);
    const files = await listFiles(path.join(project, 'dist'));
    const story = files.find((f) => f.endsWith('/welcome-to-your-news-site/index.html'))!;
    const page = fromHtml(await readFile(path.join(project, 'dist', story), 'utf8'));
    expect(toString(select('h1', page)!)).toBe('Welcome to your news site');
    expect(selectAll('main table td', page).map((td) => toString(td))).toEqual(['North', '1,204']);
    expect(files).toContain('news/index.html');
    expect(files.some((f) => /^assets\/style\.[0-9a-f]+\.css$/.test(f))).toBe(true);

    const check = await cli(['check'], project);
    expect(check.code, check.stderr).toBe(0);
  });

  it('should refuse a folder that has a config, and never overwrite a .gitignore or add to articles', async () => {
    const dir = await folder({ 'broadsheet.config.json': '{}\n' });
    const refused = await cli(['init'], dir);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('broadsheet.config.json exists already; nothing was written');
    expect(await listFiles(dir)).toEqual(['broadsheet.config.json']);

    const archive = await folder({
      '.gitignore': 'mine\n',
      'articles/2019/old.md': '---\ntitle: Old\ndate: 2019-01-01\n---\n',
    });
    const started = await cli(['init'], archive);
    expect(started.code, started.stderr).toBe(0);
    expect(await listFiles(archive)).toEqual([
      '.gitattributes',
      '.github/workflows/publish.yml',
      '.gitignore',
      'articles/2019/old.md',
      'broadsheet.config.ts',
      'package.json',
    ]);
    expect(await readFile(path.join(archive, '.gitignore'), 'utf8')).toBe('mine\n');
    expect(started.stdout).toContain('no example story');
  });

  it('should print next steps that work as pasted: a folder name quoted, Broadsheet added to a package.json of its own', async () => {
    const dir = await folder();
    const spaced = await cli(['init', 'My Paper'], dir);
    expect(spaced.code, spaced.stderr).toBe(0);
    const next = spaced.stdout.split('\n').find((line) => line.startsWith('Next: '));
    expect(next).toMatch(/^Next: cd 'My Paper' && npm install && npx broadsheet dev/);

    const own = await folder({ 'package.json': '{"name": "own", "private": true}\n' });
    const kept = await cli(['init'], own);
    expect(kept.code, kept.stderr).toBe(0);
    expect(await readFile(path.join(own, 'package.json'), 'utf8')).toBe('{"name": "own", "private": true}\n');
    const { spec } = ownInstallSpec();
    const line = kept.stdout.split('\n').find((l) => l.startsWith('Next: '));
    expect(line).toContain(`Next: npm install --save-dev ${spec} && npx broadsheet dev`);
  });

  it('should install the Broadsheet that ran it: a checkout by its folder, a package by its version', async () => {
    const dir = await folder();
    const init = await cli(['init', 'paper'], dir);
    expect(init.code, init.stderr).toBe(0);
    const pkg = JSON.parse(await readFile(path.join(dir, 'paper', 'package.json'), 'utf8')) as {
      devDependencies: Record<string, string>;
    };
    // These tests run Broadsheet from its checkout, which no registry serves.
    expect(pkg.devDependencies).toEqual({ broadsheet: `file:${REPO}` });
    expect(init.stdout).toContain('cd paper && npm install && npx broadsheet dev');
    expect(init.stdout).toContain('installs Broadsheet from this checkout');

    expect(ownInstallSpec(path.join('/', 'site', 'node_modules', 'broadsheet'))).toEqual({
      spec: '^0.1.0',
      checkout: false,
    });
    expect(ownInstallSpec(path.join('/', 'src', 'broadsheet'))).toEqual({
      spec: 'file:/src/broadsheet',
      checkout: true,
    });

    const given = await folder();
    const pinned = await cli(['init', '--broadsheet', '^0.1.0'], given);
    expect(pinned.code, pinned.stderr).toBe(0);
    expect(JSON.parse(await readFile(path.join(given, 'package.json'), 'utf8'))).toMatchObject({
      devDependencies: { broadsheet: '^0.1.0' },
    });
    expect(pinned.stdout).not.toContain('installs Broadsheet from this checkout');
  });

  it('should pack the checkout into vendor/ with --broadsheet pack, for a workflow that runs elsewhere', async () => {
    const dir = await folder();
    const init = await cli(['init', 'paper', '--broadsheet', 'pack'], dir);
    expect(init.code, init.stderr).toBe(0);
    const pkg = JSON.parse(await readFile(path.join(dir, 'paper', 'package.json'), 'utf8')) as {
      devDependencies: Record<string, string>;
    };
    const spec = pkg.devDependencies.broadsheet!;
    expect(spec).toMatch(/^file:vendor\/broadsheet-[\d.]+\.tgz$/);
    // The tarball holds the compiled CLI, so that installing it needs no build step.
    const { stdout } = await promisify(execFile)('tar', ['-tzf', path.join(dir, 'paper', spec.slice('file:'.length))]);
    const names = stdout.split('\n');
    expect(names).toContain('package/bin/broadsheet.js');
    expect(names).toContain('package/lib/cli.js');
    expect(init.stdout).toContain(path.join('paper', spec.slice('file:'.length)));
    expect(init.stdout).not.toContain('installs Broadsheet from this checkout');
  });

  it('should refuse an empty --broadsheet, and a pack that would overwrite or go unused', async () => {
    const dir = await folder();
    const empty = await cli(['init', 'x', '--broadsheet='], dir);
    expect([empty.code, empty.stderr.trim()]).toEqual([
      2,
      'broadsheet init: --broadsheet needs a value: a version range, an npm install spec, or "pack"',
    ]);
    const withPackage = await folder({ 'package.json': '{}\n' });
    const unused = await cli(['init', '--broadsheet', 'pack'], withPackage);
    expect(unused.code).toBe(1);
    expect(unused.stderr).toContain('package.json exists');
    expect(await listFiles(withPackage)).toEqual(['package.json']);
    const { version } = JSON.parse(await readFile(path.join(REPO, 'package.json'), 'utf8')) as { version: string };
    const tarball = `vendor/broadsheet-${version}.tgz`;
    const withTarball = await folder({ [tarball]: 'mine\n' });
    const taken = await cli(['init', '--broadsheet', 'pack'], withTarball);
    expect(taken.code).toBe(1);
    expect(taken.stderr).toContain(`${tarball} exists already; nothing was written`);
    expect(await readFile(path.join(withTarball, tarball), 'utf8')).toBe('mine\n');
    expect(await listFiles(withTarball)).toEqual([tarball]);
  });

  it('should print its help', async () => {
    const help = await cli(['init', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: broadsheet init [DIR]');
    expect((await cli(['--help'])).stdout).toContain('  init ');
    expect((await cli(['init', 'a', 'b'])).code).toBe(2);
  });
});

describe('the files init writes', () => {
  const files = projectFiles({
    title: "Tom's Paper",
    timeZone: 'Europe/Berlin',
    now: Date.parse('2024-05-05T22:30:00Z'),
    broadsheet: '^0.1.0',
  });

  it('should date the example story at the current minute of the time zone, and have it pass validation', () => {
    const source = { file: 'welcome.md', id: 'welcome.md', text: files.article.text, hash: '' };
    const fm = parseFrontMatter(source);
    if (Array.isArray(fm)) throw new Error(JSON.stringify(fm));
    expect(fm.fields.date).toBe('2024-05-06 00:30');
    const { fields, diagnostics } = readFields(fm, { timeZone: 'Europe/Berlin', sections: [] }, 'welcome.md');
    expect(diagnostics).toEqual([]);
    expect(fields).toMatchObject({ section: 'news', sectionName: 'News' });
  });

  it('should explain in the .gitignore why the cache is not committed', () => {
    const lines = files.gitignore.text.split('\n');
    expect(lines).toEqual(expect.arrayContaining(['dist/', '.broadsheet/', 'node_modules/']));
    expect(files.gitignore.text).toMatch(/# .*cache/i);
  });

  it('should title the site after its folder', () => {
    expect(titleFromFolder('/x/my-paper')).toBe('My Paper');
    expect(titleFromFolder('/x/the_daily.news')).toBe('The Daily News');
    expect(files.config.text).toContain("title: 'Tom\\'s Paper'");
    expect(files.config.text).toContain("timeZone: 'Europe/Berlin'");
  });

  it('should install Broadsheet from the package.json it writes', () => {
    const pkg = JSON.parse(files.package.text) as { name: string; devDependencies: Record<string, string> };
    expect(pkg.name).toBe('tom-s-paper');
    expect(pkg.devDependencies).toEqual({ broadsheet: '^0.1.0' });
  });

  it('should publish with a workflow that builds and deploys, no more: push to live', () => {
    type Step = { id?: string; if?: string; uses?: string; run?: string; with?: Record<string, unknown> };
    const workflow = parseYaml(files.workflow.text) as {
      on: { push: unknown; schedule: { cron: string }[] };
      permissions: Record<string, string>;
      jobs: Record<string, { steps: Step[]; 'timeout-minutes'?: number }>;
    };
    expect(workflow.on.push).toEqual({ branches: ['main'] });
    // Every 15 minutes: an embargoed story goes live at most one period (plus GitHub's
    // delay in starting scheduled runs) after its time, never before it. Off the top of
    // the hour, when GitHub delays and drops scheduled runs. The run at 47 past also
    // indexes new stories for search, which the others and pushes leave for it.
    expect(workflow.on.schedule.map((s) => s.cron)).toEqual(['2,17,32 * * * *', '47 * * * *']);
    expect(workflow.permissions).toMatchObject({ pages: 'write', 'id-token': 'write', contents: 'write' });
    const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
    const uses = steps.flatMap((s) => (s.uses ? [s.uses.split('@')[0]] : []));
    expect(uses).toEqual([
      'actions/checkout',
      'actions/setup-node',
      'actions/cache/restore',
      'actions/configure-pages',
      'actions/upload-pages-artifact',
      'actions/deploy-pages',
      'actions/cache/save',
    ]);
    const runs = steps.flatMap((s) => (s.run ? [s.run.trim()] : []));
    expect(runs.some((r) => r.includes('npm test'))).toBe(false);
    expect(runs.find((r) => r.startsWith('npx broadsheet build'))).toMatch(/--check --hold-invalid/);
    const [restore, save] = steps.filter((s) => s.uses?.startsWith('actions/cache/'));
    for (const cache of [restore!, save!])
      expect(String(cache.with?.path).split('\n')).toEqual(['.broadsheet/cache', 'dist', '']);
    // Saved only when the build says it changed the site (`build` sets the step's outputs).
    const build = steps.find((s) => s.run?.startsWith('npx broadsheet build'))! as Step & {
      env: Record<string, string>;
    };
    expect(build.run).toContain('$DEFER_SEARCH');
    expect(build.env.DEFER_SEARCH).toBe(
      "${{ (github.event_name == 'push' || github.event.schedule == '2,17,32 * * * *') && '--defer-search' || '' }}",
    );
    expect(save!.if).toBe(`steps.${build.id}.outputs.changed == 'true'`);
    // So are the upload and the deploy: a scheduled run that finds nothing new deploys nothing.
    for (const action of ['actions/upload-pages-artifact', 'actions/deploy-pages'])
      expect(steps.find((s) => s.uses?.startsWith(action))!.if, action).toBe(
        `steps.${build.id}.outputs.changed == 'true'`,
      );
    expect(Object.values(workflow.jobs).map((job) => job['timeout-minutes'])).toEqual([30]);
    expect(runs[0]).toMatch(/^npm ci\b/);
    // The ledger is pushed before anything is deployed: a URL goes live once it is promised.
    const record = steps.findIndex((s) => s.run?.includes('git add published-urls.txt'));
    expect(record).toBeGreaterThan(steps.findIndex((s) => s.run?.startsWith('npx broadsheet build')));
    expect(record).toBeLessThan(steps.findIndex((s) => s.uses?.startsWith('actions/upload-pages-artifact')));
  });

  it("should push the ledger from the workflow's step when a reporter's build added URLs during the run", async () => {
    type Step = { name?: string; run?: string };
    const workflow = parseYaml(files.workflow.text) as { jobs: Record<string, { steps: Step[] }> };
    const step = Object.values(workflow.jobs)
      .flatMap((job) => job.steps)
      .find((s) => s.name === 'Record the URLs published')!;
    const dir = await folder();
    const git = (cwd: string, ...args: string[]) =>
      promisify(execFile)('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.org', ...args], { cwd });
    const origin = path.join(dir, 'origin.git');
    await git(dir, 'init', '--quiet', '--bare', '--initial-branch=main', origin);
    const seed = path.join(dir, 'seed');
    await git(dir, 'clone', '--quiet', origin, seed);
    await writeFile(path.join(seed, 'published-urls.txt'), '/a/\tstory\ta.md\n/d/\tstory\td.md\n');
    await writeFile(path.join(seed, files.gitattributes.path), files.gitattributes.text);
    await git(seed, 'add', '.');
    await git(seed, 'commit', '--quiet', '-m', 'First');
    await git(seed, 'push', '--quiet', 'origin', 'HEAD:main');
    // The runner's shallow checkout, then a reporter's push while it builds.
    const runner = path.join(dir, 'runner');
    await git(dir, 'clone', '--quiet', '--depth', '1', '--branch', 'main', `file://${origin}`, runner);
    // A story built on the reporter's machine: its URL on the line the runner's goes to.
    await writeFile(path.join(seed, 'story.md'), 'x\n');
    await writeFile(path.join(seed, 'published-urls.txt'), '/a/\tstory\ta.md\n/c/\tstory\tc.md\n/d/\tstory\td.md\n');
    await git(seed, 'add', '.');
    await git(seed, 'commit', '--quiet', '-m', 'Another story');
    await git(seed, 'push', '--quiet', 'origin', 'HEAD:main');
    // As on a runner: no identity of the machine's or the user's to fall back on.
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      HOME: dir,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
    };
    for (const name of ['EMAIL', 'GIT_AUTHOR_NAME', 'GIT_AUTHOR_EMAIL', 'GIT_COMMITTER_NAME', 'GIT_COMMITTER_EMAIL'])
      delete env[name];
    const bash = (cwd: string) => promisify(execFile)('bash', ['-e', '-c', step.run!], { cwd, env });
    // Nothing new published: no commit.
    await bash(runner);
    await writeFile(path.join(runner, 'published-urls.txt'), '/a/\tstory\ta.md\n/b/\tstory\tb.md\n/d/\tstory\td.md\n');
    await bash(runner);
    await git(seed, 'pull', '--quiet', 'origin', 'main');
    expect((await git(seed, 'log', '--format=%s')).stdout.trim().split('\n')).toEqual([
      'Record published URLs',
      'Another story',
      'First',
    ]);
    // Both URLs kept (in either order: the next build sorts the ledger again).
    const lines = (await readFile(path.join(seed, 'published-urls.txt'), 'utf8')).trim().split('\n');
    expect(lines.sort()).toEqual(['/a/\tstory\ta.md', '/b/\tstory\tb.md', '/c/\tstory\tc.md', '/d/\tstory\td.md']);
  });
});
