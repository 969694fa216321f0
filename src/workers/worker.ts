import { parentPort, type MessagePort } from 'node:worker_threads';
import { BodyMemory } from './body-memory.ts';
import { createLoader, warmLoader } from './load-task.ts';
import type { Answer, Message, Reply, Request, RequestType } from './protocol.ts';
import { createRenderer, warmRenderer } from './render-task.ts';

/**
 * A build worker: answers the pool's requests with the same tasks the main thread would
 * run. V8 alone decides when to collect garbage (the pool caps the heap): a forced
 * collection would throw away the thread's optimized code.
 */
function serve(port: MessagePort): void {
  const memory = new BodyMemory();
  let loader: ReturnType<typeof createLoader> | undefined;
  let renderer: Awaited<ReturnType<typeof createRenderer>>['render'];
  const handlers: { [K in RequestType]: (request: Request<K>) => Promise<Reply<K>> | Reply<K> } = {
    init: ({ init }) => {
      loader = createLoader(init, memory);
    },
    reset: () => memory.clear(),
    warm: async ({ layoutsDir, cwd, cacheDir }) => {
      await Promise.all([warmLoader(), warmRenderer(layoutsDir, cwd, cacheDir)]);
    },
    load: ({ items }) => {
      if (!loader) throw new Error('load before init');
      return loader(items);
    },
    prepare: async ({ init }) => {
      const prepared = await createRenderer(init, memory);
      renderer = prepared.render;
      return prepared.diagnostics;
    },
    render: ({ items }) => {
      if (!renderer) throw new Error('render before prepare');
      return renderer(items);
    },
  };
  port.on('message', async (message: Message) => {
    let answer: Answer;
    try {
      const handle = handlers[message.type] as (request: Request) => Promise<unknown> | unknown;
      answer = { id: message.id, result: await handle(message) };
    } catch (error) {
      answer = { id: message.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
    }
    port.postMessage(answer);
  });
}

serve(parentPort!);
