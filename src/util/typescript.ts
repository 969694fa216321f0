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
