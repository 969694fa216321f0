/**
 * The house rules for imports, checked in CI (`npm run lint`): no circles, type-only
 * imports included, since a circle of types is still two modules that cannot be
 * understood one without the other; and data flows one way, so a folder imports only
 * from the folders below it in LAYERS (docs/architecture.md draws them).
 */

/** src/ folders from the ground up; each may import from itself and the folders before it. */
const LAYERS = [
  'util',
  'diagnostics',
  'config',
  'content',
  'import',
  'site',
  'photos',
  'output',
  'publish',
  'check',
  'render',
  'routes',
  'incremental',
  'workers',
  'pipeline',
  'dev',
  'commands',
];

const upward = LAYERS.map((layer, i) => ({
  name: `layer-${layer}`,
  severity: 'error',
  comment: `src/${layer}/ imports only from the folders below it: ${LAYERS.slice(0, i).join(', ') || 'none'}.`,
  from: { path: `^src/${layer}/` },
  to: { path: `^src/(${LAYERS.slice(i + 1).join('|') || '$^'})/` },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...upward,
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Modules import each other in a circle: move what both need into a module below them.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that resolves to nothing.',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.d.ts'],
      exportsFields: ['exports'],
      conditionNames: ['types', 'import', 'require', 'node', 'default'],
      mainFields: ['types', 'typings', 'module', 'main'],
    },
  },
};
