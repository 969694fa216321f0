// A worker thread that makes Pagefind bundles for the search stage, one at a time, so
// that volumes of the search index are made side by side: each thread imports Pagefind
// afresh and so runs a Pagefind process of its own (the module keeps one per import).
// Plain JavaScript, so that it runs alike from src/ and lib/.
import { parentPort } from 'node:worker_threads';
import * as pagefind from 'pagefind';

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
      await pagefind.close();
      parentPort.postMessage({ type: 'closed' });
    }
  } catch (error) {
    parentPort.postMessage({ type: 'failed', message: String(error?.stack ?? error) });
  }
});
