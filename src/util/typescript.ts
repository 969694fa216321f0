/**
 * Layouts and the config file may be TypeScript (TSX). Register tsx's module hooks the
 * first time one is imported, and not before: hooks slow down every later import, so the
 * compiled CLI loads its own dependencies without them.
 */
export async function enableTypeScript(): Promise<void> {
  const flag = globalThis as { __broadsheetTypeScript?: boolean };
  if (flag.__broadsheetTypeScript) return;
  flag.__broadsheetTypeScript = true;
  // Both hooks: ES modules, and CommonJS for a .tsx file whose folder has no package.json
  // saying "type": "module" (a site's own layouts, say).
  const [esm, cjs] = await Promise.all([import('tsx/esm/api'), import('tsx/cjs/api')]);
  esm.register();
  cjs.register();
}

/**
 * The default export of a module, also when the module was compiled as CommonJS (a site
 * whose package.json does not say "type": "module"): then it sits one level deeper.
 */
export function defaultExport(module: { default?: unknown }): unknown {
  const value = module.default;
  if (value && typeof value === 'object' && 'default' in value && (value as { __esModule?: boolean }).__esModule)
    return (value as { default: unknown }).default;
  return value;
}
