import { parentPort } from 'node:worker_threads';
import { createLoader, createRenderer, type LoadInput, type LoadOutput, type RenderInput, type RenderOutput } from './tasks.ts';

/** A build worker: answers the pool's requests with the same tasks the main thread would run. */
const port = parentPort!;
let loader: ((input: LoadInput) => Promise<LoadOutput>) | undefined;
let renderer: ((input: RenderInput) => Promise<RenderOutput>) | undefined;

port.on('message', async (message: { id: number; type: string; init?: never; items?: never[] }) => {
  try {
    let result: unknown;
    switch (message.type) {
      case 'init':
        loader = createLoader(message.init!);
        break;
      case 'load': {
        const out: LoadOutput[] = [];
        for (const item of message.items as LoadInput[]) out.push(await loader!(item));
        result = out;
        break;
      }
      case 'prepare': {
        const prepared = await createRenderer(message.init!);
        renderer = prepared.render;
        result = prepared.diagnostics;
        break;
      }
      case 'render': {
        const out: RenderOutput[] = [];
        for (const item of message.items as RenderInput[]) out.push(await renderer!(item));
        result = out;
        break;
      }
      default:
        throw new Error(`unknown request ${message.type}`);
    }
    port.postMessage({ id: message.id, result });
  } catch (error) {
    port.postMessage({ id: message.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
