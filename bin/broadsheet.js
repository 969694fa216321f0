#!/usr/bin/env node
// Entry point for `npx broadsheet`. Sources, layouts and the site config are TypeScript,
// loaded through tsx's module hooks so that no compile step stands between a user and a build.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli.ts');
process.exitCode = await main(process.argv.slice(2));
