import { isTestPath } from '../../path-role.js';

/**
 * What a file's path says about the secrets in it, beyond the shared path roles:
 * documentation (where example payloads and setup guides live) and test data kept
 * outside test folders (`src/utils/testSuite.ts`, `supabase/seed.sql`,
 * `demo-users.json`), which is reported apart like fixtures, with the reason.
 */

const DOC_EXT = new Set(['.md', '.mdx', '.markdown', '.rst', '.adoc', '.asciidoc', '.txt']);
const DOC_DIRS = new Set(['docs', 'doc', 'documentation', 'wiki', 'guides']);

export function isDocsPath(path: string): boolean {
  const parts = path.toLowerCase().split('/');
  const base = parts[parts.length - 1] ?? '';
  const dot = base.lastIndexOf('.');
  if (dot > 0 && DOC_EXT.has(base.slice(dot))) return true;
  return parts.slice(0, -1).some((d) => DOC_DIRS.has(d));
}

// Words that name test data on their own (`testSuite.ts`, `seed.sql`, `mockUsers.ts`).
const TEST_DATA_WORDS = new Set([
  'test', 'tests', 'testing', 'testdata', 'fixture', 'fixtures', 'mock', 'mocks', 'mocked', 'fake', 'fakes',
  'faker', 'seed', 'seeds', 'seeder', 'seeders', 'seeding', 'stub', 'stubs', 'dummy',
]);
// Words that name test data only beside a data word (`demoData.ts`, `sample-users.json`): a `Demo.tsx` page is app code.
const DEMO_WORDS = new Set(['demo', 'sample', 'samples', 'example', 'examples']);
const DATA_WORDS = new Set(['data', 'dataset', 'users', 'accounts', 'records', 'content', 'rows', 'credentials', 'logins', 'entries']);
const DATA_EXT = new Set(['.json', '.sql', '.csv', '.yaml', '.yml']);

/** Words of a file or folder name: split at separators and camel-case humps. */
function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
}

/** Why a file outside test folders holds test data, or null when it does not. */
export function testDataReason(path: string): string | null {
  if (isTestPath(path)) return null; // a test fixture, reported as such
  const parts = path.split('/');
  const file = parts[parts.length - 1] ?? '';
  const dot = file.lastIndexOf('.');
  const stem = dot > 0 ? file.slice(0, dot) : file;
  const ext = dot > 0 ? file.slice(dot).toLowerCase() : '';
  if (/^\.env\.test(?:\.|$)/i.test(file)) return `test data (${file})`;
  const fileWords = words(stem.replace(/^\./, ''));
  const dirWords = parts.slice(0, -1).flatMap(words);
  if (fileWords.some((w) => TEST_DATA_WORDS.has(w))) return `test data (file named ${file})`;
  if (fileWords.some((w) => DEMO_WORDS.has(w)) && (fileWords.some((w) => DATA_WORDS.has(w)) || DATA_EXT.has(ext))) return `demo data (file named ${file})`;
  const dir = dirWords.find((w) => ['seed', 'seeds', 'seeders', 'mocks', 'fakes', 'stubs'].includes(w));
  if (dir) return `test data (under a ${dir} folder)`;
  return null;
}

const TEST_NAME_WORDS = new Set(['test', 'tests', 'testing', 'demo', 'sample', 'example', 'dummy', 'fake', 'mock', 'seed', 'fixture', 'e2e', 'cypress', 'playwright']);

/** Why a variable's name says its value is test data (`TEST_STAFF_PASSWORD`, `demoApiKey`), or null. */
export function testDataName(name: string): string | null {
  return words(name).some((w) => TEST_NAME_WORDS.has(w)) ? `test data (named ${name.slice(0, 60)})` : null;
}
