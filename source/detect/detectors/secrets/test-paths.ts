import { jvmOuterDirs } from '../usage/files.js';

/**
 * Where test fixtures live, across ecosystems. Secrets found there are reported
 * apart from application code: fixtures routinely carry fake keys, generated TLS
 * keys and throwaway database passwords.
 */
const TEST_DIRS = new Set([
  'test',
  'tests',
  '__tests__',
  'spec',
  'specs',
  'fixtures',
  'fixture',
  '__fixtures__',
  'testdata',
  'test-data',
  'test_data',
  '__mocks__',
  'e2e',
  'cypress',
  'playwright',
]);

const TEST_FILE =
  /(?:_test\.go|\.(?:test|spec)\.[cm]?[jt]sx?|^test_[^/]*\.py|_test\.py|^conftest\.py|(?:Test|Tests|IT|Spec)\.(?:java|kt|scala|groovy)|_spec\.rb|_test\.rb)$/;

export function isTestFixturePath(path: string): boolean {
  const parts = path.split('/');
  const base = parts[parts.length - 1] ?? '';
  // A Java package named `…/test/…` under src/main is production code, not a fixture.
  const dirs = jvmOuterDirs(parts.map((p) => p.toLowerCase())) ?? parts.slice(0, -1).map((p) => p.toLowerCase());
  if (dirs.some((d) => TEST_DIRS.has(d))) return true;
  return TEST_FILE.test(base);
}
