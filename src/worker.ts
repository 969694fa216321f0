import { parentPort } from 'node:worker_threads';
import { BodyMemory, createLoader, createRenderer, warmUp, type LoadInput, type LoadOutput, type RenderInput, type RenderOutput } from './tasks.ts';

/** A build worker: answers the pool's requests with the same tasks the main thread would run. */
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
        const { layoutsDir, cwd, version } = message as unknown as { layoutsDir: string; cwd: string; version: string };
        await warmUp(layoutsDir, cwd, version);
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
