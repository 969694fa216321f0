import { getHeapStatistics } from 'node:v8';
import { parentPort } from 'node:worker_threads';
import { BodyMemory, createLoader, createRenderer, warmUp, type LoadInput, type LoadOutput, type RenderInput, type RenderOutput } from './tasks.ts';

/** A build worker: answers the pool's requests with the same tasks the main thread would run. */
const port = parentPort!;
const memory = new BodyMemory();
let loader: ((batch: readonly LoadInput[]) => Promise<LoadOutput[]>) | undefined;
let renderer: ((batch: readonly RenderInput[]) => RenderOutput[]) | undefined;

/**
 * A thread's heap holds about 40 MiB that stays (the pipeline, layouts, kept bodies); the
 * rest is garbage that V8 lets grow to ~150 MiB per thread before collecting it on its own,
 * and at 16,000 stories that growth made the build's peak. Above this, collect after a
 * batch: a few collections per thread per build (~50 ms each), peak RSS 660 → 480 MiB.
 */
const SOFT_HEAP_LIMIT = 80 * 1024 * 1024;
/** Exposed by the pool (v8 --expose-gc before the threads start); absent, V8 alone decides. */
const collect = (globalThis as { gc?: () => void }).gc;
let limit = SOFT_HEAP_LIMIT;
const tidy = (): void => {
  if (!collect || getHeapStatistics().used_heap_size <= limit) return;
  collect();
  // A live heap near the limit (huge pages, say) would mean a collection after every
  // batch: the next one waits until the heap has doubled what survived this one.
  limit = Math.max(SOFT_HEAP_LIMIT, 2 * getHeapStatistics().used_heap_size);
};

port.on('message', async (message: { id: number; type: string; init?: never; items?: never[] }) => {
  try {
    let result: unknown;
    switch (message.type) {
      case 'init':
        loader = createLoader(message.init!, memory);
        break;
      case 'reset':
        memory.clear();
        break;
      case 'warm': {
        const { layoutsDir, cwd, cacheDir } = message as unknown as { layoutsDir: string; cwd: string; cacheDir: string };
        await warmUp(layoutsDir, cwd, cacheDir);
        break;
      }
      case 'load':
        result = await loader!(message.items as LoadInput[]);
        tidy();
        break;
      case 'prepare': {
        const prepared = await createRenderer(message.init!, memory);
        renderer = prepared.render;
        result = prepared.diagnostics;
        break;
      }
      case 'render':
        result = renderer!(message.items as RenderInput[]);
        tidy();
        break;
      default:
        throw new Error(`unknown request ${message.type}`);
    }
    port.postMessage({ id: message.id, result });
  } catch (error) {
    port.postMessage({ id: message.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
