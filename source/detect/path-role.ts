/**
 * What part a file plays in a repository, decided once for every detector: `app`
 * code proves what the service does; `test` code and fixtures do not (fixtures carry
 * fake keys and deliberately bad configuration); `example` code shows what a
 * library can do, not what this service does.
 */
export type PathRole = 'app' | 'test' | 'example';

const TEST_DIRS = new Set([
  'test', 'tests', '__tests__', '__mocks__', 'spec', 'specs', 'testdata', 'test-data', 'test_data',
  'fixture', 'fixtures', '__fixtures__', 'e2e', 'cypress', 'playwright', 'testing', 'test-utils', 'testutils',
]);
const EXAMPLE_DIRS = new Set([
  'example', 'examples', 'sample', 'samples', 'demo', 'demos', 'docs', 'doc', 'playground', 'cookbook', 'notebooks', 'tutorial', 'tutorials',
]);
const TEST_FILE = /(?:_test\.go|_test\.py|^test_[^/]*\.py|^conftest\.py|_spec\.rb|_test\.rb|\.(?:test|spec|e2e|stories)\.[^.]+)$/;
const JVM_TEST_CLASS = /[a-z0-9](?:Test|Tests|IT|Spec)\.(?:java|kt|scala|groovy)$/;
const FIXTURE_SEGMENT = /^(?:fixtures?|__fixtures__|test-?fixtures|testdata|__snapshots__)$/i;
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

/** Every detector asks, for every path it selects or reports: decided once per path. */
const roles = new Map<string, PathRole>();
const MAX_REMEMBERED = 200_000;

export function pathRole(path: string): PathRole {
  let role = roles.get(path);
  if (role === undefined) {
    role = decideRole(path);
    if (roles.size >= MAX_REMEMBERED) roles.clear();
    roles.set(path, role);
  }
  return role;
}

function decideRole(path: string): PathRole {
  const original = path.split('/');
  const parts = original.map((p) => p.toLowerCase());
  const base = parts[parts.length - 1] ?? '';
  const dirs = jvmOuterDirs(parts) ?? parts.slice(0, -1);
  if (dirs.some((d) => TEST_DIRS.has(d))) return 'test';
  if (TEST_FILE.test(base) || JVM_TEST_CLASS.test(original[original.length - 1] ?? '')) return 'test';
  if (dirs.some((d) => EXAMPLE_DIRS.has(d))) return 'example';
  return 'app';
}

export function isTestPath(path: string): boolean {
  return pathRole(path) === 'test';
}

/**
 * Infrastructure this repository deploys: not a fixture, not a test, not an example
 * (a Terraform module's `examples/` shows callers a demo, often deliberately open).
 */
export function isDeployedConfigPath(p: string): boolean {
  return pathRole(p) === 'app' && !isFixturePath(p);
}

/** Narrower than a test path: a fixtures folder, whose files are sample input rather than test code. */
export function isFixturePath(p: string): boolean {
  return p.split('/').slice(0, -1).some((s) => FIXTURE_SEGMENT.test(s));
}
