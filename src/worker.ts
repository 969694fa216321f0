import { parentPort } from 'node:worker_threads';
import { BodyMemory, createLoader, createRenderer, warmUp, type LoadInput, type LoadOutput, type RenderInput, type RenderOutput } from './tasks.ts';

/**
 * A build worker: answers the pool's requests with the same tasks the main thread would run.
 * V8 alone decides when to collect garbage. Collecting after a batch once the heap passed
 * 80 MiB (`gc()`, as earlier versions did to lower peak memory) threw away optimized code
 * with every collection: at 16,000 stories 1,360 deoptimizations and 9,530 optimizations
 * against 179 and 2,804, and a cold build on tmpfs took 35 s instead of 27 s at about the
 * same peak RSS (493–514 MiB against 510–548 MiB).
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
        const { layoutsDir, cwd, cacheDir } = message as unknown as { layoutsDir: string; cwd: string; cacheDir: string };
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
    port.postMessage({ id: message.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
