/**
 * The measured phases run as plain JavaScript, the way the service runs in production (compiled by
 * `npm run build`, see the Dockerfile), not through tsx's loader: that loader keeps a second
 * JavaScript heap (its worker thread) and the transformed sources, some 70 MB of RSS that the
 * deployed service does not have, and would be counted against the memory target.
 *
 * Each file is transpiled on its own (the project compiles with `isolatedModules` and
 * `verbatimModuleSyntax`, so that is exactly what tsc emits) into a folder shaped like the
 * repository, with links to node_modules and to the data folders the sources find relative to
 * themselves (drizzle/, templates/, examples/).
 */
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';

export interface CompiledTree {
  root: string;
  /** The compiled path of a source file given relative to the repository ("bench/ingest-child.ts"). */
  file(relative: string): string;
  remove(): Promise<void>;
}

const LINKED = ['node_modules', 'drizzle', 'templates', 'examples'];

export async function compileForBench(repoRoot: string, entries: string[]): Promise<CompiledTree> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'listscribe-bench-js-'));
  try {
    const sources = [...(await sourcesUnder(repoRoot, 'src')), ...entries];
    for (const relative of sources) {
      const text = await readFile(path.join(repoRoot, relative), 'utf8');
      const out = ts.transpileModule(text, {
        fileName: relative,
        compilerOptions: {
          target: ts.ScriptTarget.ES2022,
          module: ts.ModuleKind.ESNext,
          verbatimModuleSyntax: true,
          isolatedModules: true,
          esModuleInterop: true,
        },
      });
      const target = path.join(root, relative.replace(/\.ts$/, '.js'));
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, out.outputText);
    }
    // "type": "module", like the repository's package.json, so .js files load as ES modules.
    await writeFile(path.join(root, 'package.json'), '{ "type": "module" }\n');
    for (const name of LINKED) await symlink(path.join(repoRoot, name), path.join(root, name), 'dir');
  } catch (error) {
    await rm(root, { recursive: true, force: true });
    throw error;
  }
  return {
    root,
    file: (relative) => path.join(root, relative.replace(/\.ts$/, '.js')),
    remove: () => rm(root, { recursive: true, force: true }),
  };
}

/** The service's TypeScript files under `dir`, relative to the repository; tests are left out. */
async function sourcesUnder(repoRoot: string, dir: string): Promise<string[]> {
  const entries = await readdir(path.join(repoRoot, dir), { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.test.ts'))
    .map((e) => path.relative(repoRoot, path.join(e.parentPath, e.name)))
    .sort();
}
