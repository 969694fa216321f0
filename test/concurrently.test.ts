import { describe, expect, it } from 'vitest';
import { mapConcurrently } from '../src/util/concurrently.ts';

/** A promise settled from outside, so that the test decides the order things finish in. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('mapConcurrently', () => {
  it('should keep the order, with at most `limit` in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const out = await mapConcurrently([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      most = Math.max(most, ++inFlight);
      await Promise.resolve();
      inFlight--;
      return n * 10;
    });
    expect(out).toEqual([10, 20, 30, 40, 50, 60, 70]);
    expect(most).toBe(3);
  });

  it('should start nothing after a failure, and reject with it once the items under way have settled', async () => {
    const gates = [deferred<void>(), deferred<void>(), deferred<void>()];
    const started: number[] = [];
    const settled: number[] = [];
    const run = mapConcurrently([0, 1, 2, 3, 4], 3, async (n) => {
      started.push(n);
      try {
        await gates[n]!.promise;
      } finally {
        settled.push(n);
      }
    });
    let rejected: unknown;
    const done = run.catch((error: unknown) => (rejected = error));
    gates[1]!.reject(new Error('first'));
    await new Promise((resolve) => setImmediate(resolve));
    // Not yet: items 0 and 2 are still writing.
    expect(rejected).toBeUndefined();
    gates[2]!.reject(new Error('second'));
    gates[0]!.resolve();
    await done;
    expect((rejected as Error).message).toBe('first');
    expect(started).toEqual([0, 1, 2]);
    expect(settled.sort()).toEqual([0, 1, 2]);
  });
});
