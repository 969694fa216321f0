#!/usr/bin/env node
// npm run bench:dev: time from saving one story to its new page being served by
// `broadsheet dev` on the standard corpus (default 4,000 stories). Medians of repeated edits.
//
//   node bench/dev.mjs [--size 4000] [--edits 15] [--json]
//
// --json: the last line of output is the result as JSON (npm run bench reads it).
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

const here = import.meta.dirname;
const repo = path.resolve(here, '..');
const { values } = parseArgs({
  options: {
    size: { type: 'string', default: '4000' },
    edits: { type: 'string', default: '15' },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  console.log(
    readFileSync(new URL(import.meta.url), 'utf8')
      .split('\n')
      .slice(1, 7)
      .map((l) => l.replace(/^\/\/ ?/, ''))
      .join('\n'),
  );
  process.exit(0);
}
const n = Number(values.size);
const dir = path.join(here, 'work', String(n));
const articles = path.join(dir, 'articles');
if (!existsSync(path.join(dir, '.corpus-done'))) {
  execFileSync('node', [path.resolve(repo, '../shared/bench/make-corpus.mjs'), articles, String(n), '--images'], {
    stdio: 'inherit',
  });
  writeFileSync(path.join(dir, '.corpus-done'), '');
}
writeFileSync(
  path.join(dir, 'broadsheet.config.json'),
  JSON.stringify({ title: 'Bench', url: 'https://example.org/', search: false }),
);
execFileSync('node', [path.join(repo, 'scripts/compile.mjs')], { cwd: repo });

const port = 8700 + Math.floor(Math.random() * 200);
const server = spawn(
  'node',
  [
    path.join(repo, 'bin/broadsheet.js'),
    'dev',
    '--layouts',
    path.join(repo, 'layouts'),
    '--port',
    String(port),
    '--now',
    '2025-01-01T00:00:00Z',
  ],
  { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
);
let log = '';
server.stderr.on('data', (d) => (log += d));
const coldStart = performance.now();
await new Promise((resolve) => server.stdout.on('data', (d) => String(d).includes('serving') && resolve()));
const startup = (performance.now() - coldStart) / 1000;

// Listen to the live-reload events as a browser would: on "reload", load the page once.
// (Polling the server in a tight loop would compete with it for the CPU and slow it down.)
const base = `http://localhost:${port}/`;
let onReload = () => {};
const events = await fetch(`${base}__broadsheet/events`);
(async () => {
  const decoder = new TextDecoder();
  for await (const chunk of events.body) if (decoder.decode(chunk).includes('event: reload')) onReload();
})().catch(() => {});

const files = readdirSync(articles)
  .filter((f) => f.endsWith('.md'))
  .sort();
const latencies = [];
for (let i = 0; i < Number(values.edits); i++) {
  const file = path.join(articles, files[(i * 37) % files.length]);
  const original = readFileSync(file, 'utf8');
  // The story's URL, from the index the build wrote.
  const index = JSON.parse(readFileSync(path.join(dir, 'dist/stories.json'), 'utf8'));
  const entry = index.stories.find((s) => s.id === path.basename(file));
  const url = `http://localhost:${port}${entry.path}`;
  const marker = `Edited for the dev benchmark, round ${i}.`;
  let timer;
  const served = new Promise((resolve) => {
    const check = async () => {
      if ((await (await fetch(url)).text()).includes(marker)) resolve(performance.now());
    };
    onReload = check;
    // A fallback, in case a reload event is missed; light enough not to load the server.
    timer = setInterval(check, 20);
  }).finally(() => clearInterval(timer));
  const started = performance.now();
  writeFileSync(file, original.replace(/\n\n/, `\n\n${marker}\n\n`));
  latencies.push((await served) - started);
  onReload = () => {};
  writeFileSync(file, original);
  await new Promise((r) => setTimeout(r, 2500));
}
events.body.cancel().catch(() => {});
server.kill('SIGTERM');
const sorted = [...latencies].sort((a, b) => a - b);
const median = sorted[Math.floor(sorted.length / 2)];
console.log(
  log
    .split('\n')
    .filter((l) => l.startsWith('rebuilt'))
    .slice(-4)
    .join('\n'),
);
console.log(`latencies: ${latencies.map((l) => l.toFixed(0)).join(' ')}`);
console.log(
  `dev server, ${n} stories: startup ${startup.toFixed(1)} s; save-to-served median ${median.toFixed(0)} ms (min ${sorted[0].toFixed(0)}, max ${sorted.at(-1).toFixed(0)}, ${latencies.length} edits)`,
);
if (values.json)
  console.log(
    JSON.stringify({ n, edits: latencies.length, startup, median, min: sorted[0], max: sorted.at(-1), latencies }),
  );
