#!/usr/bin/env node
// Runs the compiled CLI when it was built (npm run build), else the TypeScript
// sources through tsx, so a fresh clone works after `npm ci` alone.
import { existsSync } from 'node:fs';

const compiled = new URL('../dist/cli/main.js', import.meta.url);
if (existsSync(compiled)) {
  const { main } = await import(compiled.href);
  await main(process.argv);
} else {
  const { tsImport } = await import('tsx/esm/api');
  const { main } = await tsImport('../src/cli/main.ts', import.meta.url);
  await main(process.argv);
}
