// A worker thread that makes Pagefind bundles for the search stage, one at a time:
// volumes of the search index are made side by side, each thread importing Pagefind
// afresh and so running a Pagefind process of its own (the module keeps one per import).
// Plain JavaScript, so that it runs alike from src/ and lib/.
import childProcess from 'node:child_process';
import { parentPort } from 'node:worker_threads';

// Pagefind's module does not watch its process: one that dies leaves the request it was
// answering unsettled for ever. So the thread keeps hold of the process it spawns (its
// child_process is this thread's own) and answers for it.
const spawn = childProcess.spawn;
let backend;
let closing = false;
childProcess.spawn = (...args) => {
  const child = spawn(...args);
  backend = child;
  child.on('exit', (code, signal) => {
    if (closing) return;
    parentPort.postMessage({
      type: 'failed',
      message: `the Pagefind process stopped (${signal ?? `exit code ${code}`})`,
    });
    process.exit(1);
  });
  return child;
};
const pagefind = await import('pagefind');

let index;
parentPort.on('message', async (message) => {
  try {
    if (message.type === 'start') {
      const created = await pagefind.createIndex({ forceLanguage: message.language });
      index = created.index;
      parentPort.postMessage({ type: 'started', errors: created.errors, ok: index !== undefined });
    } else if (message.type === 'add') {
      const errors = [];
      for (const page of message.pages) errors.push(...(await index.addHTMLFile(page)).errors);
      parentPort.postMessage({ type: 'added', errors });
    } else if (message.type === 'finish') {
      const { files, errors } = await index.getFiles();
      await index.deleteIndex();
      index = undefined;
      // Copied, not transferred: Pagefind's small files share Node's buffer pool.
      parentPort.postMessage({
        type: 'files',
        files: files.map((f) => ({ path: f.path, content: f.content })),
        errors,
      });
    } else if (message.type === 'close') {
      closing = true;
      const child = backend;
      const exited =
        child && child.exitCode === null && child.signalCode === null
          ? new Promise((resolve) => child.once('exit', resolve))
          : undefined;
      await pagefind.close();
      // Collected before the thread goes: a long-lived process (watch mode) keeps no dead one.
      await exited;
      parentPort.postMessage({ type: 'closed' });
    }
  } catch (error) {
    parentPort.postMessage({ type: 'failed', message: String(error?.stack ?? error) });
  }
});
