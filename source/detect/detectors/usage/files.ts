import type { FileEntry } from '../../types.js';

/** Source languages the usage machinery reads; `config` covers XML/YAML/properties/Dockerfiles. */
export type Lang = 'js' | 'py' | 'go' | 'java' | 'kotlin' | 'config' | 'template';

/** Where a file sits: only `app` code proves that a library is in use. */
export type PathRole = 'app' | 'test' | 'example';

const JS_EXT = new Set(['.js', '.jsx', '.mjs', '.cjs', '.ts', '.tsx', '.mts', '.cts', '.vue', '.svelte', '.astro']);
const CONFIG_EXT = new Set(['.xml', '.yml', '.yaml', '.properties', '.conf', '.toml', '.ini', '.cfg']);
const TEMPLATE_EXT = new Set(['.html', '.htm', '.jinja', '.jinja2', '.j2', '.hbs', '.ejs', '.njk', '.erb']);

export function langOf(file: Pick<FileEntry, 'base' | 'ext'>): Lang | null {
  if (JS_EXT.has(file.ext)) return 'js';
  if (file.ext === '.py') return 'py';
  if (file.ext === '.go') return 'go';
  if (file.ext === '.java') return 'java';
  if (file.ext === '.kt' || file.ext === '.kts') return 'kotlin';
  if (CONFIG_EXT.has(file.ext)) return 'config';
  if (file.base === 'dockerfile' || file.base.startsWith('dockerfile.') || file.ext === '.dockerfile') return 'config';
  if (file.base === 'procfile') return 'config';
  if (TEMPLATE_EXT.has(file.ext)) return 'template';
  return null;
}

const TEST_DIRS = new Set([
  'test', 'tests', '__tests__', '__mocks__', 'spec', 'specs', 'testdata', 'fixtures', '__fixtures__',
  'e2e', 'cypress', 'playwright', 'testing', 'test-utils', 'testutils',
]);
const EXAMPLE_DIRS = new Set([
  'example', 'examples', 'sample', 'samples', 'demo', 'demos', 'docs', 'doc', 'playground', 'cookbook', 'notebooks', 'tutorial', 'tutorials',
]);

/**
 * Tests and examples use libraries the shipped service may not: an SDK used only in
 * a test or an example is not evidence that production code uses it.
 */
export function pathRole(path: string): PathRole {
  const original = path.split('/');
  const parts = original.map((p) => p.toLowerCase());
  const base = parts[parts.length - 1] ?? '';
  const dirs = jvmOuterDirs(parts) ?? parts.slice(0, -1);
  if (dirs.some((d) => TEST_DIRS.has(d))) return 'test';
  if (/\.(test|spec|e2e|stories)\.[^.]+$/.test(base)) return 'test';
  if (/_test\.go$/.test(base) || /^test_.*\.py$/.test(base) || /_test\.py$/.test(base) || base === 'conftest.py') return 'test';
  if (/[a-z0-9](Test|Tests|IT|Spec)\.(java|kt)$/.test(original[original.length - 1] ?? '')) return 'test';
  if (dirs.some((d) => EXAMPLE_DIRS.has(d))) return 'example';
  return 'app';
}

const JVM_ROOTS = new Set(['java', 'kotlin', 'scala', 'groovy']);

/**
 * Under a JVM source root (`src/<set>/java/…`) the folders are the package name, and
 * `com/example/demo` (Spring Initializr's default) or `org/…/samples/petclinic` says
 * nothing about the file's role: only the folders above the root and the source set
 * (`test`, `integrationTest`, `main`) do. Null when the path has no such root.
 */
export function jvmOuterDirs(parts: readonly string[]): string[] | null {
  for (let i = 0; i + 2 < parts.length - 1; i++) {
    if (parts[i] !== 'src' || !JVM_ROOTS.has(parts[i + 2] ?? '')) continue;
    const set = parts[i + 1] ?? '';
    // `integrationTest`, `androidTest`, `testFixtures` are test source sets too.
    return [...parts.slice(0, i + 1), /test/.test(set) ? 'test' : set];
  }
  return null;
}
