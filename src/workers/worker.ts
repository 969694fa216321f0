import { parentPort } from 'node:worker_threads';
import {
  BodyMemory,
  createLoader,
  createRenderer,
  warmUp,
  type LoadInput,
  type LoadOutput,
  type RenderInput,
  type RenderOutput,
} from './tasks.ts';

/**
 * A build worker: answers the pool's requests with the same tasks the main thread would run.
 * V8 alone decides when to collect garbage: a forced collection (`gc()`) throws away the
 * thread's optimized code, and forcing one whenever the heap passed 80 MiB made a cold
 * build of 16,000 stories a quarter slower for no less memory. The pool caps the heap instead.
 */
const port = parentPort!;
const memory = new BodyMemory();
let loader: ((batch: readonly LoadInput[]) => Promise<LoadOutput[]>) | undefined;
let renderer: ((batch: readonly RenderInput[]) => RenderOutput[]) | undefined;

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
        const { layoutsDir, cwd, cacheDir } = message as unknown as {
          layoutsDir: string;
          cwd: string;
          cacheDir: string;
        };
        await warmUp(layoutsDir, cwd, cacheDir);
        break;
      }
      case 'load':
        result = await loader!(message.items as LoadInput[]);
        break;
      case 'prepare': {
        const prepared = await createRenderer(message.init!, memory);
        renderer = prepared.render;
        result = prepared.diagnostics;
        break;
      }
      case 'render':
        result = renderer!(message.items as RenderInput[]);
        break;
      default:
        throw new Error(`unknown request ${message.type}`);
    }
    port.postMessage({ id: message.id, result });
  } catch (error) {
    port.postMessage({
      id: message.id,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
  }
});
