#!/usr/bin/env node
// npm run bench: Broadsheet side by side with Eleventy 3 (and Hugo, where `hugo` is installed)
// on the standard news corpus. Medians of repeated runs, ratios, peak RSS, pages per second.
//
//   node bench/run.mjs [--sizes 1000,4000,16000] [--large] [--runs 3] [--no-eleventy] [--no-hugo] [--no-bare] [--no-dev]
//
// --no-bare leaves out the bare unified pipeline (bench/bare), the ceiling for threads.
// Then times watch mode (bench/dev.mjs) on the 4,000-story corpus (or the largest size below
// it) unless --no-dev. Writes bench/RESULTS.md and bench/results.json. Corpora and outputs
// live in bench/work/. Each timed run starts after `sync`, not paying for the last one's writes.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const here = import.meta.dirname;
const repo = path.resolve(here, '..');
const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1000,4000,16000' },
    large: { type: 'boolean', default: false },
    runs: { type: 'string', default: '3' },
    'no-eleventy': { type: 'boolean', default: false },
    'no-hugo': { type: 'boolean', default: false },
    'no-bare': { type: 'boolean', default: false },
    'no-dev': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  console.log(
    readFileSync(new URL(import.meta.url), 'utf8')
      .split('\n')
      .slice(1, 10)
      .map((l) => l.replace(/^\/\/ ?/, ''))
      .join('\n'),
  );
  process.exit(0);
}
const sizes = values.sizes.split(',').map(Number);
if (values.large) sizes.push(100_000);
const runs = Number(values.runs);
const corpusScript = path.resolve(repo, '../shared/bench/make-corpus.mjs');
const work = path.join(here, 'work');
const hasHugo = !values['no-hugo'] && spawnSync('hugo', ['version']).status === 0;
const hasEleventy = !values['no-eleventy'];
if (hasEleventy && !existsSync(path.join(here, 'node_modules/@11ty/eleventy'))) {
  console.log('installing Eleventy into bench/node_modules …');
  execFileSync('npm', ['ci', '--prefix', here, '--no-audit', '--no-fund'], { stdio: 'inherit' });
}
if (!existsSync(path.join(repo, 'lib/STAMP')))
  execFileSync('node', [path.join(repo, 'scripts/compile.mjs')], { cwd: repo, stdio: 'inherit' });

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/**
 * Run a command under /usr/bin/time: wall seconds and peak RSS in MiB. The file system's
 * pending writes are flushed first (`sync`): run back to back, each command would
 * otherwise pay for writing out what the one before it left behind (a one-story rebuild
 * at 16,000 stories right after another build: ~0.2–0.3 s more), which a build started
 * minutes after the last one, or on a fresh CI machine, does not.
 */
function timed(cmd, args, cwd, env = {}) {
  spawnSync('sync');
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', cmd, ...args], {
    cwd,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  const last = r.stderr.trim().split('\n').at(-1) ?? '';
  const [secs, kb] = last.split(' ').map(Number);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return { seconds: secs, rssMiB: kb / 1024, stdout: r.stdout };
}

const countHtml = (dir) => readdirSync(dir, { recursive: true }).filter((f) => String(f).endsWith('.html')).length;

const results = [];
for (const n of sizes) {
  const dir = path.join(work, String(n));
  const articles = path.join(dir, 'articles');
  if (!existsSync(path.join(dir, '.corpus-done'))) {
    rmSync(dir, { recursive: true, force: true });
    execFileSync('node', [corpusScript, articles, String(n), '--images'], { stdio: 'inherit' });
    writeFileSync(path.join(dir, '.corpus-done'), '');
  }
  writeFileSync(
    path.join(dir, 'broadsheet.config.json'),
    JSON.stringify({ title: 'Bench', url: 'https://example.org/', search: false }),
  );
  const broadsheet = (extra = []) =>
    timed(
      'node',
      [
        path.join(repo, 'bin/broadsheet.js'),
        'build',
        '--layouts',
        path.join(repo, 'layouts'),
        '--now',
        '2025-01-01T00:00:00Z',
        ...extra,
      ],
      dir,
    );
  const row = { n, broadsheet: {}, eleventy: null, hugo: null };
  console.log(`\n== ${n} stories`);

  const cold = [];
  const cold1 = [];
  const bare1 = [];
  const bare2 = [];
  const bareOut = path.join(dir, 'bare-out');
  const bare = (threads) => {
    rmSync(bareOut, { recursive: true, force: true });
    return timed('node', [path.join(here, 'bare/build.mjs'), articles, bareOut, '--threads', String(threads)], dir);
  };
  // Alternated, run by run: this machine's speed drifts over minutes, and a ratio of two
  // blocks run one after the other would measure the drift as much as the threads.
  for (let i = 0; i < runs; i++) {
    rmSync(path.join(dir, 'dist'), { recursive: true, force: true });
    rmSync(path.join(dir, '.broadsheet'), { recursive: true, force: true });
    cold.push(broadsheet());
    console.log(`broadsheet cold: ${cold.at(-1).seconds} s, ${cold.at(-1).rssMiB.toFixed(0)} MiB`);
    rmSync(path.join(dir, 'dist'), { recursive: true, force: true });
    cold1.push(broadsheet(['--jobs', '1', '--no-cache']));
    console.log(`broadsheet cold, 1 thread: ${cold1.at(-1).seconds} s`);
    if (values['no-bare']) continue;
    bare1.push(bare(1));
    bare2.push(bare(2));
    console.log(`bare unified pipeline, 1 thread: ${bare1.at(-1).seconds} s; 2 threads: ${bare2.at(-1).seconds} s`);
  }
  rmSync(bareOut, { recursive: true, force: true });
  // Leave a warm cache and output for the rebuilds.
  broadsheet();
  const pages = countHtml(path.join(dir, 'dist'));
  const noChange = [];
  for (let i = 0; i < runs; i++) noChange.push(broadsheet());
  console.log(`broadsheet no change: ${noChange.map((r) => r.seconds).join(', ')} s`);

  const sample = readdirSync(articles)
    .filter((f) => f.endsWith('.md'))
    .sort()[Math.floor(n / 2)];
  const original = readFileSync(path.join(articles, sample), 'utf8');
  const added = [];
  const edited = [];
  for (let i = 0; i < runs; i++) {
    const extra = path.join(articles, `2024-12-31-bench-added-story-${i}.md`);
    writeFileSync(
      extra,
      original
        .replace(/^title: .*$/m, `title: "Bench added story ${i}"`)
        .replace(/^date: .*$/m, 'date: 2024-12-31T12:00:00Z'),
    );
    added.push(broadsheet());
    rmSync(extra);
    broadsheet();
    writeFileSync(path.join(articles, sample), original.replace(/\n\n/, `\n\nAn edited paragraph, run ${i}.\n\n`));
    edited.push(broadsheet());
    writeFileSync(path.join(articles, sample), original);
    broadsheet();
  }
  console.log(
    `broadsheet one added: ${added.map((r) => r.seconds).join(', ')} s; one edited: ${edited.map((r) => r.seconds).join(', ')} s`,
  );
  row.broadsheet = {
    pages,
    cold: median(cold.map((r) => r.seconds)),
    cold1: median(cold1.map((r) => r.seconds)),
    bare1: bare1.length ? median(bare1.map((r) => r.seconds)) : null,
    bare2: bare2.length ? median(bare2.map((r) => r.seconds)) : null,
    noChange: median(noChange.map((r) => r.seconds)),
    added: median(added.map((r) => r.seconds)),
    edited: median(edited.map((r) => r.seconds)),
    rss: Math.max(...cold.map((r) => r.rssMiB)),
  };

  if (hasEleventy) {
    const out = path.join(dir, 'eleventy-out');
    const times = [];
    for (let i = 0; i < runs; i++) {
      rmSync(out, { recursive: true, force: true });
      times.push(
        timed(
          path.join(here, 'node_modules/.bin/eleventy'),
          [
            `--input=${articles}`,
            `--output=${out}`,
            `--config=${path.join(here, 'eleventy/eleventy.config.mjs')}`,
            '--quiet',
          ],
          dir,
          {
            BENCH_INPUT: articles,
          },
        ),
      );
      console.log(`eleventy cold: ${times.at(-1).seconds} s, ${times.at(-1).rssMiB.toFixed(0)} MiB`);
    }
    row.eleventy = {
      pages: countHtml(out),
      cold: median(times.map((r) => r.seconds)),
      rss: Math.max(...times.map((r) => r.rssMiB)),
    };
  }
  if (hasHugo) {
    const out = path.join(dir, 'hugo-out');
    const times = [];
    for (let i = 0; i < runs; i++) {
      rmSync(out, { recursive: true, force: true });
      times.push(
        timed(
          'hugo',
          ['--quiet', '--source', path.join(here, 'hugo'), '--contentDir', articles, '--destination', out],
          dir,
        ),
      );
      console.log(`hugo cold: ${times.at(-1).seconds} s, ${times.at(-1).rssMiB.toFixed(0)} MiB`);
    }
    row.hugo = {
      pages: countHtml(out),
      cold: median(times.map((r) => r.seconds)),
      rss: Math.max(...times.map((r) => r.rssMiB)),
    };
  }
  results.push(row);
}

// Watch mode: save-to-served latency, as bench:dev measures it.
let dev = null;
const devSize =
  [...sizes]
    .sort((a, b) => a - b)
    .filter((n) => n <= 4000)
    .at(-1) ?? Math.min(...sizes);
if (!values['no-dev']) {
  console.log(`\n== watch mode, ${devSize} stories`);
  const out = execFileSync('node', [path.join(here, 'dev.mjs'), '--size', String(devSize), '--json'], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  dev = JSON.parse(out.trim().split('\n').at(-1));
  console.log(`save-to-served median ${dev.median.toFixed(0)} ms`);
}

const f = (x, d = 2) => (x == null ? '–' : x.toFixed(d));
const lines = [
  `## Latest \`npm run bench\``,
  '',
  `Made by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: ${cpus().length} cores, Node ${process.version}, medians of ${runs} runs, wall seconds.`,
  'Corpus: `../shared/bench/make-corpus.mjs N --images`. Broadsheet writes story pages plus section, tag, author and date listings, feeds, sitemaps and redirects;',
  'the peers write one page per story through a single layout and copy the pictures (see bench/eleventy and bench/hugo). Search indexing is off for all.',
  'Every timed run starts after `sync`, so that it does not pay for writing out what the run before it wrote.',
  'The bare unified pipeline (bench/bare: front matter, remark-parse, remark-rehype, rehype-stringify, one page per story, no pictures) is run alternately with',
  "Broadsheet's cold builds: its 2 threads ÷ 1 is what this machine's cores give to the parsing and rendering alone.",
  '',
  '| N | Broadsheet cold | 1 thread | 2 threads ÷ 1 | bare unified 1 thread / 2 threads | bare 2 ÷ 1 | no change | +1 story | 1 edited | Eleventy cold | ratio B/E | Hugo cold | ratio B/H | peak RSS B / E / H (MiB) | pages/s B / E |',
  '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ...results.map((r) => {
    const b = r.broadsheet;
    return `| ${r.n} | ${f(b.cold)} | ${f(b.cold1)} | ${f(b.cold1 / b.cold)}× | ${f(b.bare1)} / ${f(b.bare2)} | ${b.bare1 ? `${f(b.bare1 / b.bare2)}×` : '–'} | ${f(b.noChange)} | ${f(b.added)} | ${f(b.edited)} | ${f(r.eleventy?.cold)} | ${r.eleventy ? f(b.cold / r.eleventy.cold) : '–'} | ${f(r.hugo?.cold)} | ${r.hugo ? f(b.cold / r.hugo.cold) : '–'} | ${f(b.rss, 0)} / ${f(r.eleventy?.rss, 0)} / ${f(r.hugo?.rss, 0)} | ${f(b.pages / b.cold, 0)} / ${r.eleventy ? f(r.eleventy.pages / r.eleventy.cold, 0) : '–'} |`;
  }),
  '',
  ...(dev
    ? [
        `Watch mode (\`broadsheet dev\`, ${dev.n} stories, ${dev.edits} edits): save-to-served median ${dev.median.toFixed(0)} ms (min ${dev.min.toFixed(0)}, max ${dev.max.toFixed(0)}); start-up ${dev.startup.toFixed(1)} s.`,
        '',
      ]
    : []),
];
writeFileSync(path.join(here, 'RESULTS.md'), withLatest(readFileSync(path.join(here, 'RESULTS.md'), 'utf8'), lines));
writeFileSync(path.join(here, 'results.json'), `${JSON.stringify({ builds: results, dev }, null, 2)}\n`);
console.log(`\n${lines.join('\n')}`);

/**
 * RESULTS.md with this run's section in place of the last one's; the rest of the file
 * (the photo benchmark, earlier rounds and their reading) is kept as it is.
 */
function withLatest(text, section) {
  const start = '<!-- npm run bench: start -->';
  const end = '<!-- npm run bench: end -->';
  const block = [start, ...section, end].join('\n');
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from >= 0 && to > from) return text.slice(0, from) + block + text.slice(to + end.length);
  const title = text.indexOf('\n') + 1;
  return `${text.slice(0, title)}\n${block}\n${text.slice(title)}`;
}
