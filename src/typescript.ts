/**
 * Layouts and the config file may be TypeScript (TSX). Register tsx's module hooks the
 * first time one is imported, and not before: hooks slow down every later import, so the
 * compiled CLI loads its own dependencies without them.
 */
export async function enableTypeScript(): Promise<void> {
  const flag = globalThis as { __broadsheetTypeScript?: boolean };
  if (flag.__broadsheetTypeScript) return;
  flag.__broadsheetTypeScript = true;
  const { register } = await import('tsx/esm/api');
  register();
}
