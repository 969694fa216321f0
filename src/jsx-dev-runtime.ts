/**
 * The JSX runtime for layouts (`@jsxImportSource broadsheet`): hastscript's, which builds
 * hast trees that are escaped when serialized. Re-exported so that a site needs only
 * Broadsheet installed for its layouts to compile.
 */
export { Fragment, jsx, jsxDEV, jsxs } from 'hastscript/jsx-runtime';
export type { JSX } from 'hastscript/jsx-runtime';
