import type { Diagnostic } from '../diagnostics/diagnostics.ts';
import type { LoadInit, LoadInput, LoadOutput } from './load-task.ts';
import type { RenderInit, RenderInput, RenderOutput } from './render-task.ts';

/**
 * What the pool asks a worker thread, and what each request answers: one table, read by
 * both sides, so that a request and its handler cannot drift apart.
 */
export interface Protocol {
  /** Settings for loading: the first message every thread gets. */
  init: { request: { init: LoadInit }; reply: void };
  /** Start of a build: drop bodies kept from the previous one. */
  reset: { request: object; reply: void };
  /** Import the pipeline and the layouts ahead of the first build that needs them. */
  warm: { request: { layoutsDir: string; cwd: string; cacheDir: string }; reply: void };
  load: { request: { items: readonly LoadInput[] }; reply: LoadOutput[] };
  /** Load the layouts; the problems that stop rendering, if any. */
  prepare: { request: { init: RenderInit }; reply: Diagnostic[] };
  render: { request: { items: readonly RenderInput[] }; reply: RenderOutput[] };
}

export type RequestType = keyof Protocol;
export type Request<K extends RequestType = RequestType> = { [T in K]: { type: T } & Protocol[T]['request'] }[K];
export type Reply<K extends RequestType> = Protocol[K]['reply'];

/** A request on its way to a thread, numbered so that its answer finds it. */
export type Message = Request & { readonly id: number };
/** A thread's answer: the reply, or the error's stack. */
export type Answer = { readonly id: number; readonly result?: unknown; readonly error?: string };
