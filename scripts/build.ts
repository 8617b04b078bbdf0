/**
 * Builds dist/ with esbuild: the CLI and the scan worker as two entry points,
 * with the code they share and every lazily imported command in split chunks.
 *
 * Why a bundle rather than tsc's one-file-per-module output: Node 20 resolves,
 * reads and links each ES module separately, and the wizard's first frame pulls
 * in a few hundred of them (Ink, React, yoga, conf, zod, our own). One bundle
 * per entry point cuts that to a handful of files; splitting keeps what a
 * command imports lazily (the scan engine, the dossier renderer, marked-terminal
 * for the preview) out of start-up. Type checking stays with `npm run typecheck`.
 *
 * Everything lands flat in dist/ so a chunk can find the worker as a sibling
 * (`new URL('./engine-worker.js', import.meta.url)`), wherever esbuild put the
 * code that starts it.
 */
import { build, type Metafile, type Plugin } from 'esbuild';
import { chmodSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * conf imports ajv (and ajv-formats) at the top, to validate a JSON schema when one
 * is given. Our preferences give none (each field is checked with zod instead), so
 * ajv would be 300 KB parsed on every start for nothing. In the bundle it is a
 * stub that fails loudly if a schema is ever passed.
 */
const confWithoutAjv: Plugin = {
  name: 'conf-without-ajv',
  setup(b) {
    b.onResolve({ filter: /^ajv(\/dist\/2020\.js)?$|^ajv-formats$/ }, (args) =>
      args.importer.includes(`${path.sep}conf${path.sep}`) ? { path: args.path, namespace: 'ajv-stub' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'ajv-stub' }, () => ({
      contents: [
        "const refuse = () => { throw new Error('shipshape is built without ajv: conf must not be given a JSON schema (see scripts/build.ts)'); };",
        'export class Ajv2020 { constructor() { refuse(); } }',
        'export default { default: refuse };',
      ].join('\n'),
      loader: 'js',
    }));
  },
};

/**
 * Bundle entry points (name → source file) into `outdir`, emptied first so stale
 * files from an older layout are never picked up by a sibling import. The scan
 * bench bundles the engine with the same settings, so it measures what ships.
 */
export async function bundle(entryPoints: Record<string, string>, outdir: string): Promise<Metafile> {
  rmSync(outdir, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: root,
    entryPoints,
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    chunkNames: '[name]-[hash]',
    // Loaded only when DEV=true asks Ink for React DevTools; not a dependency of ours.
    // The JS/TS parser loads a native binding (or its WebAssembly fallback) from its own package directory.
    external: ['react-devtools-core', 'oxc-parser'],
    // Some bundled CommonJS packages call require() for Node built-ins.
    banner: { js: "import { createRequire as __shipshapeCreateRequire } from 'node:module'; const require = __shipshapeCreateRequire(import.meta.url);" },
    // React, its reconciler and scheduler pick their development or production build
    // by NODE_ENV; fixing it here drops the development builds (half the UI's code)
    // from the bundle. The CLI is the product: users get the production build.
    define: { 'process.env.NODE_ENV': '"production"' },
    // Less text for V8 to parse at start-up; names stay, so stack traces still read.
    minifyWhitespace: true,
    minifySyntax: true,
    // Source maps were two thirds of the package; SOURCEMAP=1 builds them for debugging.
    sourcemap: process.env.SOURCEMAP === '1' ? 'linked' : false,
    legalComments: 'linked',
    metafile: true,
    plugins: [confWithoutAjv],
    logLevel: 'warning',
  });
  return result.metafile;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const metafile = await bundle({ cli: 'source/cli.ts', 'engine-worker': 'source/detect/engine-worker.ts' }, path.join(root, 'dist'));
  const { cycloneDxSbom } = await import('./sbom.js');
  writeFileSync(path.join(root, 'dist', 'sbom.cdx.json'), `${JSON.stringify(cycloneDxSbom(metafile, root), null, 2)}\n`);
  // The bin, runnable as ./dist/cli.js from a checkout (npm sets this itself on install).
  chmodSync(path.join(root, 'dist', 'cli.js'), 0o755);
  await seedParseCache();
}

/**
 * Parse every shipped checklist once, into the read-only layer of the parse cache
 * (dist/parse-cache), so a user's first start with one does not pay for YAML parsing.
 */
async function seedParseCache(): Promise<void> {
  const { fileParseCache, shippedParseCacheDir } = await import('../source/checklist/parse-cache.js');
  const { parseChecklistText } = await import('../source/checklist/parse.js');
  const { toolVersion } = await import('../source/util/package-root.js');
  const cache = fileParseCache(shippedParseCacheDir(), toolVersion());
  for (const file of readdirSync(path.join(root, 'checklists'), { recursive: true, encoding: 'utf8' })) {
    if (!/\.ya?ml$/.test(file)) continue;
    const result = parseChecklistText(readFileSync(path.join(root, 'checklists', file), 'utf8'), file, cache);
    if (!result.ok) throw new Error(`shipped checklist checklists/${file} does not parse: ${result.problems[0]?.message ?? ''}`);
  }
  // The user cache is private (0600/0700); this layer ships, and must be readable by whoever runs the tool.
  const dir = shippedParseCacheDir();
  chmodSync(dir, 0o755);
  chmodSync(path.join(dir, 'checklists'), 0o755);
  for (const entry of readdirSync(path.join(dir, 'checklists'))) chmodSync(path.join(dir, 'checklists', entry), 0o644);
}
