// Worker threads start here: register TypeScript support (sources and user layouts are
// TypeScript), then run the worker proper.
const [esm, cjs] = await Promise.all([import('tsx/esm/api'), import('tsx/cjs/api')]);
esm.register();
cjs.register();
globalThis.__broadsheetTypeScript = true;
await import('./worker.ts');
