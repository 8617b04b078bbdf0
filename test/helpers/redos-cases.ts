import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeEntry } from '../../source/detect/walk.js';
import type { Detector, FileEntry } from '../../source/detect/types.js';

/**
 * Adversarial inputs for every registered detector, built from what the detector
 * itself declares: the kinds of file it selects (tried against a broad list of
 * names plus every fixture path), and its prefilter literals, embedded so the
 * engine's prefilter lets the file through to `collect`. A detector merged later
 * is covered by the same generator: nothing here names a detector or a regex.
 *
 * Two generators:
 * - synthetic: a header holding every literal, then one adversarial line (a long
 *   run of one character class, alone or next to a literal, or a known bad shape);
 * - seeded: fixture files the detector finds something in, with an adversarial
 *   line inserted right after each line it reported (inside the function that
 *   made the model call, the block that declared the dependency...), and that
 *   line's own whitespace and words stretched.
 *
 * Each case builds its text for a requested size, so one case can be timed at
 * two sizes: run time that grows faster than the size is a backtracking pattern.
 */

export interface FuzzCase {
  /** Stable, readable id: detector, file, shape. */
  id: string;
  detector: number;
  entry: FileEntry;
  /** The file's text with an adversarial part of about `n` characters. */
  build(n: number): string;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const FIXTURES = path.join(here, '..', 'fixtures', 'repos');

/** File names common in the repositories shipshape reads, beyond what the fixtures hold. */
const COMMON_PATHS = [
  'src/app.ts', 'src/app.tsx', 'src/app.js', 'src/app.jsx', 'src/app.mjs', 'src/app.cjs', 'app/main.py', 'cmd/main.go',
  'src/Main.java', 'src/Main.kt', 'src/main.rs', 'app/app.rb', 'src/index.php', 'src/Program.cs', 'src/App.svelte',
  'src/App.vue', 'supabase/functions/chat/index.ts', 'app/api/chat/route.ts', 'pages/api/chat.ts', 'server.py',
  'package.json', 'package-lock.json', 'yarn.lock', 'pnpm-lock.yaml', 'requirements.txt', 'requirements-dev.txt',
  'pyproject.toml', 'Pipfile', 'poetry.lock', 'setup.py', 'setup.cfg', 'go.mod', 'go.sum', 'Cargo.toml', 'Cargo.lock',
  'Gemfile', 'Gemfile.lock', 'composer.json', 'pom.xml', 'build.gradle', 'build.gradle.kts', 'settings.gradle',
  'gradle/libs.versions.toml', 'Dockerfile', 'api.Dockerfile', 'docker-compose.yml', 'compose.yaml',
  '.github/workflows/ci.yml', '.github/workflows/deploy.yaml', '.github/dependabot.yml', '.gitlab-ci.yml',
  'azure-pipelines.yml', 'Jenkinsfile', '.circleci/config.yml', 'bitbucket-pipelines.yml', 'renovate.json',
  'k8s/deployment.yaml', 'charts/app/templates/deployment.yaml', 'infra/main.tf', 'infra/variables.tf',
  '.env', '.env.local', '.env.example', '.gitignore', '.dockerignore', 'README.md', 'SECURITY.md', 'LICENSE',
  'COPYING', 'CODEOWNERS', '.github/CODEOWNERS', 'CLAUDE.md', 'AGENTS.md', '.cursorrules', '.windsurfrules',
  '.github/copilot-instructions.md', 'config/settings.yaml', 'config/app.json', 'config.ini', 'app.properties',
  'index.html', 'id_rsa', 'server.pem', 'server.key', 'notes.txt', 'script.sh', 'schema.sql', 'openapi.yaml',
];

function fixturePaths(): string[] {
  const out: string[] = [];
  let repos: string[];
  try {
    repos = readdirSync(FIXTURES);
  } catch {
    return out;
  }
  for (const repo of repos) {
    const root = path.join(FIXTURES, repo);
    if (!statSync(root).isDirectory()) continue;
    const walk = (dir: string): void => {
      for (const d of readdirSync(dir, { withFileTypes: true })) {
        const abs = path.join(dir, d.name);
        if (d.isDirectory()) walk(abs);
        else if (d.isFile()) out.push(path.relative(root, abs).split(path.sep).join('/'));
      }
    };
    walk(root);
  }
  return out;
}

/** Fixture files by their path inside the fixture repository, with their text (seeds). */
function fixtureSeeds(): { rel: string; text: string }[] {
  const out: { rel: string; text: string }[] = [];
  let repos: string[];
  try {
    repos = readdirSync(FIXTURES).sort();
  } catch {
    return out;
  }
  for (const repo of repos) {
    const root = path.join(FIXTURES, repo);
    if (!statSync(root).isDirectory()) continue;
    const walk = (dir: string): void => {
      for (const d of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
        const abs = path.join(dir, d.name);
        if (d.isDirectory()) walk(abs);
        else if (d.isFile() && statSync(abs).size < 64 * 1024) {
          const text = readFileSync(abs, 'utf8');
          if (!text.includes('\0')) out.push({ rel: path.relative(root, abs).split(path.sep).join('/'), text });
        }
      }
    };
    walk(root);
  }
  return out;
}

/** What kind of file a path is, for picking one representative per kind. */
function kindOf(e: FileEntry): string {
  return e.ext !== '' ? e.ext : e.base;
}

function selects(d: Detector, e: FileEntry): boolean {
  try {
    return d.selects(e);
  } catch {
    return false;
  }
}

/** One representative path per kind of file the detector selects. */
export function selectedKinds(d: Detector, candidates: readonly string[], maxKinds: number): FileEntry[] {
  const byKind = new Map<string, FileEntry>();
  for (const p of candidates) {
    const e = makeEntry(p, 1000, true);
    if (!selects(d, e)) continue;
    const k = kindOf(e);
    if (!byKind.has(k)) byKind.set(k, e);
  }
  return [...byKind.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).slice(0, maxKinds).map(([, e]) => e);
}

/** A few literals of different shapes: the shortest, and ones ending in punctuation (`openai.`, `fetch(`). */
function literalSample(lits: readonly string[], max: number): string[] {
  const uniq = [...new Set(lits)].filter((l) => l.length > 0);
  const picked: string[] = [];
  const add = (l: string | undefined) => {
    if (l !== undefined && !picked.includes(l) && picked.length < max) picked.push(l);
  };
  const byLen = [...uniq].sort((a, b) => a.length - b.length || (a < b ? -1 : 1));
  add(byLen[0]);
  for (const end of ['.', '(', '/', ':', '-', '_', '=', ' ']) add(byLen.find((l) => l.endsWith(end)));
  for (let i = 1; picked.length < max && i < byLen.length; i += Math.max(1, Math.floor(byLen.length / max))) add(byLen[i]);
  return picked;
}

/** Runs of one character class, and alternations of two, the raw material of backtracking. */
export const FILLERS: readonly string[] = [
  ' ', '\t', 'a', 'A', '0', '_', '.', '-', ':', '/', '\\', '"', "'", '=', ',', '(', '{', '[', '<', '#', '*', '$', '@', '`',
  'a ', 'a.', 'a-', 'a:', 'a/', 'a_', 'a,', ': ', '= ', ', ', '. ', ' .', 'a=', '0.', 'a"', "a'",
];

/** Smaller set for the test suite: one of each character class. */
export const FILLERS_QUICK: readonly string[] = [' ', 'a', '0', '.', '-', ':', '/', '"', '=', '(', 'a ', 'a.', 'a:', ': ', ', '];

const run = (f: string, n: number) => f.repeat(Math.max(1, Math.ceil(n / f.length)));
const half = (n: number) => Math.max(1, Math.floor(n / 2));

/** The known bad shapes (issue 15): each a function of the size. */
export const SHAPES: readonly { name: string; line: (n: number) => string }[] = [
  { name: 'a␠ⁿ:␠ⁿ', line: (n) => `a${' '.repeat(half(n))}:${' '.repeat(half(n))}` },
  { name: 'const a␠ⁿ:␠ⁿ', line: (n) => `const a${' '.repeat(half(n))}:${' '.repeat(half(n))}` },
  { name: 'key␠ⁿ=␠ⁿ', line: (n) => `key${' '.repeat(half(n))}=${' '.repeat(half(n))}x` },
  { name: '␠ⁿ#', line: (n) => `${' '.repeat(n)}#` },
  { name: 'a␠ⁿx', line: (n) => `a${' '.repeat(n)}x` },
  { name: 'a:aⁿ', line: (n) => `a:${'a'.repeat(n)}` },
  { name: 'aⁿ:aⁿ', line: (n) => `${'a'.repeat(half(n))}:${'a'.repeat(half(n))}` },
  { name: 'a.ⁿ:a.ⁿ', line: (n) => `${run('a.', half(n))}:${run('a-', half(n))}` },
  { name: 'aⁿschema', line: (n) => `${'a'.repeat(n)}schema` },
  { name: 'aⁿSchema', line: (n) => `${'a'.repeat(n)}Schema` },
  { name: '"aⁿ', line: (n) => `"${'a'.repeat(n)}` },
  { name: 'x = "aⁿ', line: (n) => `x = "${'a'.repeat(n)}` },
  { name: '(ⁿ', line: (n) => `f${'('.repeat(n)}` },
  { name: 'a.ⁿ(', line: (n) => `${run('a.', n)}(` },
  { name: '- ⁿ', line: (n) => `${run('- ', n)}x` },
  { name: 'uses: aⁿ', line: (n) => `  - uses: ${'a'.repeat(n)}` },
  { name: 'k: ␠ⁿv', line: (n) => `k:${' '.repeat(n)}v #` },
  { name: '#␠ⁿ', line: (n) => `#${' '.repeat(n)}x` },
  { name: 'a=␠ⁿ', line: (n) => `a=${' '.repeat(n)}` },
  { name: '<aⁿ', line: (n) => `<${'a'.repeat(n)}` },
  { name: '@aⁿ', line: (n) => `@${'a'.repeat(n)}` },
  // Short lines repeated: a detector that caps its input line (say at 2,000 characters) hides a cubic pattern
  // from every long-run shape above, whose windows then hold no second delimiter. This one fits the window.
  { name: '(a␠¹⁰⁰⁰:␠¹⁰⁰⁰⏎)ⁿ', line: (n) => Array.from({ length: Math.max(1, Math.round(n / 2002)) }, () => `a${' '.repeat(1000)}:${' '.repeat(1000)}`).join('\n') },
];

export interface CaseOptions {
  /** Runs tried on their own. */
  fillers?: readonly string[];
  /** Runs tried right after a literal. */
  adjacentFillers?: readonly string[];
  /** Literals tried next to a run, per detector. */
  literals?: number;
  /** File kinds per detector. */
  kinds?: number;
  /** Seed files per detector and kind, and lines per seed. */
  seedsPerKind?: number;
  linesPerSeed?: number;
}

/**
 * Every case for every detector in `detectors`. Deterministic: the same list, in
 * the same order, in every process (the timing worker rebuilds it by index).
 */
export function fuzzCases(detectors: readonly Detector[], opts: CaseOptions = {}): FuzzCase[] {
  const fillers = opts.fillers ?? FILLERS;
  const candidates = [...new Set([...COMMON_PATHS, ...fixturePaths()])].sort();
  const seeds = fixtureSeeds();
  const cases: FuzzCase[] = [];
  detectors.forEach((d, di) => {
    const lits = d.prefilter ?? [];
    // Every literal on its own line, so whichever the detector checks for, the file has it.
    const header = lits.length > 0 ? `${lits.join('\n')}\n` : '';
    const sample = literalSample(lits, opts.literals ?? 4);
    const adjacent = opts.adjacentFillers ?? FILLERS_QUICK;
    for (const entry of selectedKinds(d, candidates, opts.kinds ?? 8)) {
      const where = `${d.id} ${entry.path}`;
      for (const f of fillers) cases.push({ id: `${where} ${JSON.stringify(f)}ⁿ`, detector: di, entry, build: (n) => `${header}${run(f, n)}\n` });
      // A run right after a literal: patterns anchored on a keyword backtrack over what follows it.
      for (const lit of sample) {
        for (const f of adjacent) {
          cases.push({ id: `${where} ${JSON.stringify(lit)}+${JSON.stringify(f)}ⁿ`, detector: di, entry, build: (n) => `${header}${lit}${run(f, n)}\n` });
        }
      }
      for (const s of SHAPES) {
        cases.push({ id: `${where} ${s.name}`, detector: di, entry, build: (n) => `${header}${s.line(n)}\n` });
        if (sample[0]) cases.push({ id: `${where} ${JSON.stringify(sample[0])} ${s.name}`, detector: di, entry, build: (n) => `${header}${sample[0]} ${s.line(n)}\n` });
      }
    }
    cases.push(...seededCases(d, di, seeds, opts));
  });
  return cases;
}

/** Lines a detector reported in a seed file (1-based), or the lines holding a literal. */
function interestingLines(d: Detector, entry: FileEntry, text: string, max: number): number[] {
  let lines: number[] = [];
  try {
    lines = [...new Set(d.collect(entry, text).map((f) => f.line ?? 1))];
  } catch {
    lines = [];
  }
  if (lines.length === 0) {
    const all = text.split('\n');
    const lits = d.prefilter ?? [];
    lines = all.flatMap((l, i) => (lits.some((x) => l.includes(x)) ? [i + 1] : []));
  }
  return lines.sort((a, b) => a - b).slice(0, max);
}

function seededCases(d: Detector, di: number, seeds: readonly { rel: string; text: string }[], opts: CaseOptions): FuzzCase[] {
  const out: FuzzCase[] = [];
  const perKind = new Map<string, number>();
  for (const seed of seeds) {
    const entry = makeEntry(seed.rel, seed.text.length, true);
    if (!selects(d, entry)) continue;
    const lits = d.prefilter ?? [];
    if (lits.length > 0 && !lits.some((l) => seed.text.includes(l))) continue;
    const k = kindOf(entry);
    if ((perKind.get(k) ?? 0) >= (opts.seedsPerKind ?? 3)) continue;
    const lines = interestingLines(d, entry, seed.text, opts.linesPerSeed ?? 4);
    if (lines.length === 0) continue;
    perKind.set(k, (perKind.get(k) ?? 0) + 1);
    const all = seed.text.split('\n');
    for (const ln of lines) {
      const where = `${d.id} ${seed.rel}:${ln}`;
      const original = all[ln - 1] ?? '';
      const withLine = (extra: string, replace = false) => {
        const copy = [...all];
        if (replace) copy[ln - 1] = extra;
        else copy.splice(ln, 0, extra);
        return copy.join('\n');
      };
      const indent = /^[ \t]*/.exec(original)?.[0] ?? '';
      // The reported line with its whitespace and its words stretched.
      out.push({
        id: `${where} stretched spaces`,
        detector: di,
        entry,
        build: (n) => {
          const gaps = Math.max(1, (original.match(/\s+/g) ?? []).length);
          return withLine(original.replace(/\s+/g, ' '.repeat(Math.max(1, Math.floor(n / gaps)))), true);
        },
      });
      out.push({
        id: `${where} stretched words`,
        detector: di,
        entry,
        build: (n) => {
          const words = Math.max(1, (original.match(/[A-Za-z_]\w*/g) ?? []).length);
          return withLine(original.replace(/[A-Za-z_]\w*/g, (w) => w + 'a'.repeat(Math.floor(n / words))), true);
        },
      });
      out.push({ id: `${where} line+␠ⁿ`, detector: di, entry, build: (n) => withLine(`${original}${' '.repeat(n)}`, true) });
      out.push({ id: `${where} line+aⁿ`, detector: di, entry, build: (n) => withLine(`${original}${'a'.repeat(n)}`, true) });
      for (const s of SHAPES) out.push({ id: `${where} then ${s.name}`, detector: di, entry, build: (n) => withLine(`${indent}${s.line(n)}`) });
    }
  }
  return out;
}
