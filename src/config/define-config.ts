import type { UserConfig } from './config.ts';

/**
 * Typed helper for broadsheet.config.ts. In a module of its own, not config.ts: layouts
 * import "broadsheet", and bundling them would otherwise take in config.ts with zod and
 * the whole config schema, slow to import, in every build that renders a page.
 */
export const defineConfig = (config: UserConfig): UserConfig => config;
