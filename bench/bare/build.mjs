#!/usr/bin/env node
// The bare unified pipeline, as a ceiling for Broadsheet's own: front matter (gray-matter),
// remark-parse, remark-rehype, rehype-stringify, one page per story through a template
// string, nothing else. With --threads N the stories are split evenly over N worker threads,
// each writing its own pages, so 1 against N shows what this machine's cores give to
// exactly this work.
//
//   node bench/bare/build.mjs ARTICLES OUT [--threads 1]
import { mkdirSync, readdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';

// Imported where it runs: the main thread of a run on threads parses nothing.
const renderAll = async (...args) => (await import('./render.mjs')).renderAll(...args);

if (isMainThread) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { threads: { type: 'string', default: '1' } },
  });
  const [articles, out] = positionals;
  const threads = Number(values.threads);
  if (!articles || !out || !Number.isInteger(threads) || threads < 1) {
    console.error('usage: node bench/bare/build.mjs ARTICLES OUT [--threads N]');
    process.exit(2);
  }
  const files = readdirSync(articles)
    .filter((f) => f.endsWith('.md'))
    .sort();
  mkdirSync(out, { recursive: true });
  if (threads === 1) {
    await renderAll(articles, out, files);
  } else {
    await Promise.all(
      Array.from({ length: threads }, (_, t) => files.filter((_, i) => i % threads === t)).map(
        (share) =>
          new Promise((resolve, reject) => {
            const worker = new Worker(new URL(import.meta.url), { workerData: { articles, out, files: share } });
            worker.once('message', resolve);
            worker.once('error', reject);
          }),
      ),
    );
  }
  console.log(`${files.length} pages`);
} else {
  const { articles, out, files } = workerData;
  await renderAll(articles, out, files);
  parentPort.postMessage('done');
}
