import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { seededRandom } from '../test/helpers/random.js';

/**
 * A generated, deterministic corpus that looks like a large polyglot monorepo:
 * source in several languages (a few with secret-shaped strings), docs, configs,
 * lockfiles, a few big data files, an ignored node_modules. Built once and cached
 * under `.bench/` (gitignored); the version in the name changes when the recipe does.
 */

export const CORPUS_VERSION = 'v1';
const MIN_FILES = 20_000;
const MIN_BYTES = 210 * 1024 * 1024;

export interface CorpusInfo {
  dir: string;
  files: number;
  bytes: number;
  /** Files carrying a planted secret-shaped string. */
  planted: number;
}


const WORDS = (
  'user account order invoice payment session cache queue worker client server request response handler ' +
  'config logger metrics tracer router model schema record batch stream buffer token value result error retry ' +
  'timeout limit offset page cursor index store repo service adapter factory builder parser encoder decoder'
).split(' ');

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)] as T;
}
function ident(r: () => number): string {
  return `${pick(r, WORDS)}${pick(r, WORDS).replace(/^./, (c) => c.toUpperCase())}`;
}
function alnum(r: () => number, n: number, alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'): string {
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[Math.floor(r() * alphabet.length)];
  return s;
}

/** Secret-shaped strings as they appear in real leaks (all random, none real). */
function plantedSecret(r: () => number): string {
  switch (Math.floor(r() * 5)) {
    case 0:
      return `const awsKey = "AKIA${alnum(r, 16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}";`;
    case 1:
      return `GITHUB_TOKEN = "ghp_${alnum(r, 36)}"`;
    case 2:
      return `password = "${alnum(r, 14)}!x"`;
    case 3:
      return `const stripe = "sk_live_${alnum(r, 24)}";`;
    default:
      return `DATABASE_URL = "postgres://app:${alnum(r, 12)}@db.internal:5432/app"`;
  }
}

type Lang = { ext: string; line: (r: () => number, i: number) => string; header: (r: () => number) => string };

const LANGS: readonly Lang[] = [
  {
    ext: '.ts',
    header: (r) => `import { ${ident(r)} } from './${pick(r, WORDS)}.js';\nimport type { ${ident(r)} } from '../types.js';\n`,
    line: (r, i) =>
      i % 7 === 0
        ? `export async function ${ident(r)}${i}(input: ${ident(r)}): Promise<${ident(r)}> {`
        : i % 7 === 6
          ? '}'
          : `  const ${ident(r)} = await this.${ident(r)}.get(input.${pick(r, WORDS)}, { timeout: ${Math.floor(r() * 5000)} });`,
  },
  {
    ext: '.py',
    header: (r) => `import logging\nfrom ${pick(r, WORDS)} import ${ident(r)}\n\nlog = logging.getLogger(__name__)\n`,
    line: (r, i) =>
      i % 6 === 0 ? `def ${pick(r, WORDS)}_${i}(self, ${pick(r, WORDS)}):` : `    ${pick(r, WORDS)} = self.${pick(r, WORDS)}.fetch(${pick(r, WORDS)}, retries=${i % 5})`,
  },
  {
    ext: '.go',
    header: (r) => `package ${pick(r, WORDS)}\n\nimport (\n\t"context"\n\t"fmt"\n)\n`,
    line: (r, i) =>
      i % 8 === 0 ? `func ${ident(r)}${i}(ctx context.Context) error {` : i % 8 === 7 ? '}' : `\tif err := s.${ident(r)}(ctx); err != nil { return fmt.Errorf("${pick(r, WORDS)}: %w", err) }`,
  },
  {
    ext: '.java',
    header: (r) => `package com.example.${pick(r, WORDS)};\n\nimport java.util.List;\n\npublic class ${ident(r)} {\n`,
    line: (r, i) =>
      i % 9 === 0 ? `  public List<${ident(r)}> ${pick(r, WORDS)}${i}(String ${pick(r, WORDS)}) {` : i % 9 === 8 ? '  }' : `    var ${pick(r, WORDS)} = repository.find${ident(r)}(${pick(r, WORDS)}, ${i});`,
  },
  {
    ext: '.rb',
    header: (r) => `require "${pick(r, WORDS)}"\n\nclass ${ident(r)}\n`,
    line: (r, i) => (i % 5 === 0 ? `  def ${pick(r, WORDS)}_${i}(${pick(r, WORDS)})` : i % 5 === 4 ? '  end' : `    @${pick(r, WORDS)} ||= ${ident(r)}.new(${pick(r, WORDS)}: ${i})`),
  },
];

function sourceFile(r: () => number, lang: Lang, targetBytes: number, secret: string | null): string {
  const parts = [lang.header(r)];
  let size = parts[0]!.length;
  let i = 0;
  const plantAt = secret ? Math.floor(r() * 40) : -1;
  while (size < targetBytes) {
    const l = i === plantAt && secret ? secret : lang.line(r, i);
    parts.push(l);
    size += l.length + 1;
    i++;
  }
  return `${parts.join('\n')}\n`;
}

function markdown(r: () => number, targetBytes: number): string {
  const parts = [`# ${ident(r)}\n`];
  let size = 0;
  while (size < targetBytes) {
    const p = Array.from({ length: 40 }, () => pick(r, WORDS)).join(' ');
    parts.push(`${p}.\n`);
    size += p.length + 2;
  }
  return parts.join('\n');
}

function lockfile(r: () => number, targetBytes: number): string {
  const pkgs: string[] = [];
  let size = 0;
  let i = 0;
  while (size < targetBytes) {
    const name = `${pick(r, WORDS)}-${pick(r, WORDS)}-${i++}`;
    const entry = `    "node_modules/${name}": {\n      "version": "${1 + (i % 9)}.${i % 13}.${i % 7}",\n      "resolved": "https://registry.npmjs.org/${name}/-/${name}-1.0.0.tgz",\n      "integrity": "sha512-${alnum(r, 86)}=="\n    }`;
    pkgs.push(entry);
    size += entry.length + 2;
  }
  return `{\n  "name": "app",\n  "lockfileVersion": 3,\n  "packages": {\n${pkgs.join(',\n')}\n  }\n}\n`;
}

function dataFile(r: () => number, targetBytes: number): string {
  const rows: string[] = ['id,name,amount,created_at,status'];
  let size = 0;
  let i = 0;
  while (size < targetBytes) {
    const row = `${i++},${pick(r, WORDS)} ${pick(r, WORDS)},${(r() * 10000).toFixed(2)},2024-0${1 + (i % 9)}-1${i % 9}T10:00:00Z,${pick(r, ['ok', 'failed', 'pending'])}`;
    rows.push(row);
    size += row.length + 1;
  }
  return `${rows.join('\n')}\n`;
}

function writeRel(root: string, rel: string, content: string): number {
  const abs = path.join(root, rel);
  mkdirSync(path.dirname(abs), { recursive: true });
  writeFileSync(abs, content);
  return Buffer.byteLength(content);
}

/** Build the corpus (or reuse a finished one). */
export function ensureCorpus(benchDir: string, log: (s: string) => void): CorpusInfo {
  const dir = path.join(benchDir, `corpus-${CORPUS_VERSION}`);
  const marker = `${dir}.json`;
  if (existsSync(marker) && existsSync(dir)) return JSON.parse(readFileSync(marker, 'utf8')) as CorpusInfo;
  log(`building the benchmark corpus in ${dir} (one time)…`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const r = seededRandom(20240601);
  let files = 0;
  let bytes = 0;
  let planted = 0;
  const add = (rel: string, content: string) => {
    bytes += writeRel(dir, rel, content);
    files += 1;
  };

  add('.gitignore', 'node_modules/\n*.log\n.env\n');
  add('README.md', markdown(r, 8000));
  // Lockfiles of a JS monorepo: large, many per repo.
  for (let p = 0; p < 40; p++) add(`packages/pkg${p}/package-lock.json`, lockfile(r, 600_000 + Math.floor(r() * 600_000)));
  // A few big data files just under the 2 MB cap.
  for (let d = 0; d < 10; d++) add(`data/export-${d}.csv`, dataFile(r, 1_500_000 + Math.floor(r() * 400_000)));
  // Source, docs and configs until both targets are met.
  let n = 0;
  while (files < MIN_FILES || bytes < MIN_BYTES) {
    const svc = `services/svc${n % 60}/${pick(r, WORDS)}${Math.floor(n / 60) % 40}`;
    const kind = r();
    if (kind < 0.78) {
      const lang = pick(r, LANGS);
      const secret = r() < 0.01 ? plantedSecret(r) : null;
      if (secret) planted += 1;
      add(`${svc}/${pick(r, WORDS)}_${n}${lang.ext}`, sourceFile(r, lang, 2_000 + Math.floor(r() * 14_000), secret));
    } else if (kind < 0.9) {
      add(`docs/${pick(r, WORDS)}/${n}.md`, markdown(r, 1_000 + Math.floor(r() * 8_000)));
    } else {
      add(`${svc}/config-${n}.yaml`, `service: ${pick(r, WORDS)}\nreplicas: ${n % 5}\nenv:\n  LOG_LEVEL: info\n  TIMEOUT_MS: "${n % 9000}"\n`);
    }
    n++;
  }
  // An ignored dependency folder: both tools must skip it.
  for (let m = 0; m < 300; m++) writeRel(dir, `node_modules/dep${m}/index.js`, `module.exports = ${m};\n`);

  log(`  ${files} files, ${(bytes / 1024 / 1024).toFixed(0)} MB; committing to a git repository…`);
  const g = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.com', '-c', 'commit.gpgsign=false', ...args], {
      cwd: dir,
      stdio: ['ignore', 'ignore', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    });
  g('init', '-q', '-b', 'main');
  g('add', '-A');
  g('commit', '-q', '-m', 'corpus');
  const info: CorpusInfo = { dir, files, bytes, planted };
  writeFileSync(marker, JSON.stringify(info, null, 2));
  return info;
}
