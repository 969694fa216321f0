// Worker threads start here: register TypeScript support (sources and user layouts are
// TypeScript), then run the worker proper.
import { register } from 'tsx/esm/api';

register();
globalThis.__broadsheetTypeScript = true;
await import('./worker.ts');
