#!/usr/bin/env node
// The photo benchmark: Broadsheet's photo engine against Eleventy Image on generated
// camera-size JPEGs (bench/photos/generate.mjs), the same widths and formats, side by
// side in one run, each run in its own process under GNU time (wall, CPU, peak RSS).
// Each round alternates the engines; "cold" starts from an empty store and output folder,
// "warm" runs again on what the cold run left (a rebuild after a text edit: Broadsheet
// should encode nothing). Prints medians; results are recorded by hand in bench/RESULTS.md.
//
//   node bench/photos/run.mjs [--count 12] [--seed 1] [--runs 3] [--no-eleventy] [--full]
//     [--eleventy defaults,same]   # Eleventy Image with sharp's efforts, and with Broadsheet's
//   node bench/photos/run.mjs --tune [--count 8] [--runs 2]   # our effort and concurrency grid
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

const here = import.meta.dirname;
const bench = path.resolve(here, '..');
const repo = path.resolve(bench, '..');
const { values } = parseArgs({
  options: {
    count: { type: 'string' },
    seed: { type: 'string', default: '1' },
    runs: { type: 'string' },
    'no-eleventy': { type: 'boolean', default: false },
    eleventy: { type: 'string', default: 'defaults,same' },
    full: { type: 'boolean', default: false },
    tune: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  console.log('see the comment at the top of bench/photos/run.mjs');
  process.exit(0);
}
const count = Number(values.count ?? (values.tune ? 6 : 12));
const runs = Number(values.runs ?? (values.tune ? 2 : 3));
const work = path.join(bench, 'work/photos');
const src = path.join(work, `src-${values.seed}-${count}`);

if (!existsSync(src) || readdirSync(src).length < count) {
  console.log(`generating ${count} photos (seed ${values.seed}) …`);
  execFileSync(
    'node',
    [path.join(here, 'generate.mjs'), '--count', String(count), '--seed', values.seed, '--out', src],
    {
      stdio: 'inherit',
    },
  );
}
if (!values['no-eleventy'] && !existsSync(path.join(bench, 'node_modules/@11ty/eleventy-img'))) {
  console.log('installing the bench peers into bench/node_modules …');
  execFileSync('npm', ['ci', '--prefix', bench, '--no-audit', '--no-fund'], { stdio: 'inherit' });
}
// The engine as one bundle, as the CLI runs compiled code: no TypeScript hooks to time.
const engine = path.join(work, 'engine.mjs');
const { build } = await import('esbuild');
await build({
  entryPoints: [path.join(repo, 'src/photos/index.ts')],
  outfile: engine,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['sharp', 'thumbhash'],
  logLevel: 'warning',
  nodePaths: [path.join(repo, 'node_modules')],
});

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** One process under GNU time: wall and CPU seconds, peak RSS in MiB, and the JSON line it printed. */
function timed(args) {
  spawnSync('sync');
  const r = spawnSync('time', ['-f', '%e %U %S %M', 'node', ...args], {
    cwd: repo,
    encoding: 'utf8',
    env: { ...process.env, NODE_PATH: path.join(repo, 'node_modules') },
  });
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  const [wall, user, sys, kb] = r.stderr.trim().split('\n').at(-1).split(' ').map(Number);
  return { wall, cpu: user + sys, rss: kb / 1024, ...JSON.parse(r.stdout.trim().split('\n').at(-1)) };
}

const ours = (name, extra = []) => ({
  name,
  run: (dir) =>
    timed([path.join(here, 'ours.mjs'), engine, src, path.join(dir, 'store'), path.join(dir, 'out'), ...extra]),
});
const eleventy = (name, extra = []) => ({
  name,
  run: (dir) => timed([path.join(here, 'eleventy.mjs'), src, path.join(dir, 'out'), ...extra]),
});

const full = values.full ? ['--full'] : [];
const peers = values.eleventy.split(',');
// --tune: the engine's concurrency (libvips threads per operation × encoder calls at once);
// encoder efforts are measured one encode at a time by bench/photos/effort.mjs.
const engines = values.tune
  ? [
      ours('1 thread × 1 encode', ['--threads', '1', '--encodes', '1', '--sources', '1', ...full]),
      ours('1 thread × 2 encodes', ['--threads', '1', '--encodes', '2', ...full]),
      ours('2 threads × 1 encode', ['--threads', '2', '--encodes', '1', '--sources', '1', ...full]),
      ours('2 threads × 2 encodes', ['--threads', '2', '--encodes', '2', ...full]),
      ours('1 thread × 4 encodes', ['--threads', '1', '--encodes', '4', '--sources', '3', ...full]),
    ]
  : [
      ours('Broadsheet', full),
      ...(values['no-eleventy'] || !peers.includes('defaults')
        ? []
        : [eleventy('Eleventy Image (defaults: AVIF effort 4, WebP 4)')]),
      ...(values['no-eleventy'] || !peers.includes('same')
        ? []
        : [eleventy('Eleventy Image (AVIF effort 3, WebP 2)', ['--effort', '3', '--webp-effort', '2'])]),
    ];

const results = new Map(engines.map((e) => [e.name, { cold: [], warm: [] }]));
for (let round = 0; round < runs; round++) {
  // Alternate the order, so that neither engine always runs on a machine the other just warmed.
  const order = round % 2 ? [...engines].reverse() : engines;
  for (const engine of order) {
    const dir = path.join(work, 'runs', engine.name.replace(/\W+/g, '-'));
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const cold = engine.run(dir);
    const warm = values.tune ? undefined : engine.run(dir);
    results.get(engine.name).cold.push(cold);
    if (warm) results.get(engine.name).warm.push(warm);
    console.log(
      `round ${round + 1} ${engine.name}: cold ${cold.wall.toFixed(1)} s (cpu ${cold.cpu.toFixed(1)} s, ${cold.rss.toFixed(0)} MiB, ${cold.encoded} encoded)` +
        (warm ? `, warm ${warm.wall.toFixed(2)} s (${warm.rss.toFixed(0)} MiB, ${warm.encoded} encoded)` : ''),
    );
  }
}

const first = engines[0].name;
const base = median(results.get(first).cold.map((r) => r.wall));
console.log(
  `\n${count} photos, seed ${values.seed}, ${runs} runs, medians${values.full ? ', Broadsheet with thumbnail and social crops' : ''}:\n`,
);
console.log(
  '| engine | cold wall s | cold CPU s | peak RSS MiB | outputs | output MiB | warm wall s | warm encodes | cold ÷ first |',
);
console.log('|---|---|---|---|---|---|---|---|---|');
for (const [name, { cold, warm }] of results) {
  const m = (list, key) => median(list.map((r) => r[key]));
  const wall = m(cold, 'wall');
  console.log(
    `| ${name} | ${wall.toFixed(1)} | ${m(cold, 'cpu').toFixed(1)} | ${Math.max(...cold.map((r) => r.rss)).toFixed(0)} | ${cold[0].files} | ${(m(cold, 'bytes') / 1048576).toFixed(1)} | ${warm.length ? m(warm, 'wall').toFixed(2) : '–'} | ${warm.length ? m(warm, 'encoded') : '–'} | ${(wall / base).toFixed(2)} |`,
  );
}
