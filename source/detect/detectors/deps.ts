import { stripHashComment } from '../linear-text.js';
import type { Detector, EvaluateInput, Evidence, FileEntry, Finding, Signal } from '../types.js';
import { absenceEvidence, capEvidence, dirOf, evidenceOf, excerptAt, isRecord, joinPath, plural, readYaml } from './infra-helpers.js';
import { isFixturePath } from '../path-role.js';
import { collectSuspicious, evaluateSuspicious, selectsSuspicious } from './deps-suspicious.js';

/**
 * Dependency hygiene: every package manifest has its lockfile committed, and a bot
 * (Dependabot or Renovate) proposes updates. Manifests are read, not just named:
 * a package.json with no dependencies needs no lockfile, a workspace member is
 * covered by its root's lockfile, a fully `==`-pinned requirements.txt is a lock.
 */

type Eco = 'npm' | 'python' | 'pipenv' | 'pip' | 'go' | 'ruby' | 'cargo' | 'maven' | 'gradle' | 'composer';

const MANIFESTS: { eco: Eco; test: (p: string, base: string) => boolean }[] = [
  { eco: 'npm', test: (_p, b) => b === 'package.json' },
  { eco: 'python', test: (_p, b) => b === 'pyproject.toml' },
  { eco: 'pipenv', test: (_p, b) => b === 'pipfile' },
  { eco: 'pip', test: (p, b) => b.endsWith('.txt') && (/^requirements[\w.-]*\.txt$/.test(b) || /(?:^|\/)requirements\/[^/]+\.txt$/i.test(p)) },
  { eco: 'go', test: (_p, b) => b === 'go.mod' },
  { eco: 'ruby', test: (_p, b) => b === 'gemfile' || b === 'gems.rb' },
  { eco: 'cargo', test: (_p, b) => b === 'cargo.toml' },
  { eco: 'maven', test: (_p, b) => b === 'pom.xml' },
  { eco: 'gradle', test: (_p, b) => b === 'build.gradle' || b === 'build.gradle.kts' || b === 'libs.versions.toml' },
  { eco: 'composer', test: (_p, b) => b === 'composer.json' },
];

const LOCKS: Record<Exclude<Eco, 'pip' | 'maven' | 'gradle'>, string[]> = {
  npm: ['package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lock', 'bun.lockb'],
  python: ['poetry.lock', 'uv.lock', 'pdm.lock', 'pylock.toml', 'Pipfile.lock', 'requirements.lock'],
  pipenv: ['Pipfile.lock'],
  go: ['go.sum'],
  ruby: ['Gemfile.lock', 'gems.locked'],
  cargo: ['Cargo.lock'],
  composer: ['composer.lock'],
};

const BOT_RENOVATE = /^(?:\.github\/|\.gitlab\/)?(?:renovate\.json5?|\.renovaterc(?:\.json5?)?)$/i;
const BOT_DEPENDABOT = /^\.github\/dependabot\.ya?ml$/i;
/** Example apps and scaffolding templates are not shipped; their manifests are noted, not judged. */
const EXAMPLE_SEGMENT = /^(?:examples?|samples?|templates?)$/i;

function ecoOf(path: string, base: string): Eco | undefined {
  return MANIFESTS.find((m) => m.test(path, base))?.eco;
}

// ---------------------------------------------------------------- collect

function npmManifest(file: FileEntry, text: string): Finding[] {
  let pkg: unknown;
  try {
    pkg = JSON.parse(text);
  } catch {
    return [{ kind: 'manifest', path: file.path, line: 1, data: { eco: 'npm', broken: true } }];
  }
  if (!isRecord(pkg)) return [{ kind: 'manifest', path: file.path, line: 1, data: { eco: 'npm', broken: true } }];
  const deps = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'].some(
    (k) => isRecord(pkg[k]) && Object.keys(pkg[k]).length > 0,
  );
  const ws = pkg['workspaces'];
  const globs = Array.isArray(ws) ? ws : isRecord(ws) && Array.isArray(ws['packages']) ? ws['packages'] : [];
  const out: Finding[] = [
    { kind: 'manifest', path: file.path, line: 1, data: { eco: 'npm', deps, workspaces: JSON.stringify(globs.filter((g) => typeof g === 'string')) } },
  ];
  if (file.path === 'package.json' && 'renovate' in pkg) {
    const line = text.split(/\r?\n/).findIndex((l) => /"renovate"\s*:/.test(l)) + 1 || undefined;
    const enabled = !(isRecord(pkg['renovate']) && pkg['renovate']['enabled'] === false);
    out.push({ kind: 'renovate', path: file.path, line, excerpt: excerptAt(text, line), data: { enabled } });
  }
  return out;
}

/** TOML read by sections: enough to see whether a pyproject/Cargo.toml declares dependencies. */
function tomlFacts(text: string): { deps: boolean; sections: Set<string> } {
  const sections = new Set<string>();
  let section = '';
  let deps = false;
  let inArray = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = stripHashComment(raw).trim();
    if (line === '' || line.startsWith('#')) continue;
    const h = /^\[\[?([^\]]*)\]\]?$/.exec(line);
    if (h?.[1]?.trim()) {
      section = h[1].trim().replace(/["']/g, '');
      sections.add(section);
      inArray = false;
      continue;
    }
    if (inArray) {
      if (/["']/.test(line)) deps = true;
      if (line.includes(']')) inArray = false;
      continue;
    }
    if (/(?:^|\.)(?:dependencies|dev-dependencies|optional-dependencies|dependency-groups|build-dependencies)$/.test(section) || /^dependency-groups$|^tool\.poetry\.group\./.test(section)) {
      const k = /^([\w.-]+|"[^"]+")\s*=/.exec(line);
      if (k?.[1] && k[1].replace(/"/g, '') !== 'python') deps = true;
      if (/=\s*\[/.test(line)) {
        if (/\[\s*["']/.test(line)) deps = true;
        else if (!line.includes(']')) inArray = true;
      }
      continue;
    }
    const arr = /^(?:dev-)?dependencies\s*=\s*\[(.*)$/.exec(line);
    if (arr) {
      if (/["']/.test(arr[1] ?? '')) deps = true;
      else if (!(arr[1] ?? '').includes(']')) inArray = true;
    }
  }
  return { deps, sections };
}

/** requirements.txt counts as a lock when every requirement is `==`-pinned (or hashed). */
function requirementsFacts(text: string): { count: number; unpinned: { line: number }[] } {
  let count = 0;
  const unpinned: { line: number }[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    if (i > 0 && /\\\s*$/.test(lines[i - 1] ?? '')) return; // continuation (hashes)
    const line = raw.replace(/(^|\s)#.*$/, '').replace(/\\\s*$/, '').trim();
    if (line === '' || line.startsWith('-')) return;
    count++;
    const spec = (line.split(';')[0] ?? '').trim();
    if (/\s@\s/.test(spec) || /^(?:git\+|https?:|file:|\.{0,2}\/)/.test(spec)) return; // direct reference to one artifact
    if (/===?\s*[\w.!+-]+\s*(?:,|$|\[)/.test(spec) && !/==\s*[\w.]*\*/.test(spec)) return;
    unpinned.push({ line: i + 1 });
  });
  return { count, unpinned };
}

/**
 * Offset of a top-level `enabled: false` in a Renovate config (JSON or JSON5), or
 * null. Only depth 1 counts: `enabled: false` inside a manager or packageRules
 * entry switches off a part, not the bot.
 */
export function topLevelDisabled(text: string): number | null {
  let depth = 0;
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
      continue;
    }
    if (c === '/' && text[i + 1] === '/') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl;
      continue;
    }
    if (depth === 1 && /["'\w]/.test(c ?? '') && /^["']?enabled["']?\s*:\s*false\b/.test(text.slice(i, i + 40))) return i;
    if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') depth--;
  }
  return null;
}

export function collectDeps(file: FileEntry, text: string): Finding[] {
  const path = file.path;
  if (BOT_DEPENDABOT.test(path)) {
    const y = readYaml(text);
    const top = y.docs[0]?.value;
    if (y.error) return [{ kind: 'dependabot', path, line: y.errorLine, excerpt: excerptAt(text, y.errorLine), data: { error: y.error, updates: 0 } }];
    const updates = isRecord(top) && Array.isArray(top['updates']) ? top['updates'].filter((u) => isRecord(u) && typeof u['package-ecosystem'] === 'string') : [];
    const line = y.lineOf(['updates', 0, 'package-ecosystem']) ?? y.lineOf(['updates']) ?? 1;
    const ecos = updates.map((u) => String((u as Record<string, unknown>)['package-ecosystem']));
    return [{ kind: 'dependabot', path, line, excerpt: excerptAt(text, line), data: { updates: updates.length, ecosystems: ecos.join(','), error: null } }];
  }
  if (BOT_RENOVATE.test(path)) {
    const off = topLevelDisabled(text);
    const line = off === null ? 1 : text.slice(0, off).split('\n').length;
    return [{ kind: 'renovate', path, line, excerpt: excerptAt(text, line), data: { enabled: off === null } }];
  }
  if (file.base === 'pnpm-workspace.yaml') {
    const y = readYaml(text);
    const top = y.docs[0]?.value;
    const pk = isRecord(top) && Array.isArray(top['packages']) ? top['packages'].filter((g) => typeof g === 'string') : ['**'];
    return [{ kind: 'workspace-decl', path, line: 1, data: { globs: JSON.stringify(pk) } }];
  }
  const eco = ecoOf(path, file.base);
  if (!eco) return [];
  switch (eco) {
    case 'npm':
      return npmManifest(file, text);
    case 'python':
    case 'cargo': {
      const t = tomlFacts(text);
      const data: Record<string, string | boolean> = { eco, deps: t.deps };
      if (eco === 'cargo') {
        data['workspace'] = t.sections.has('workspace');
        data['package'] = t.sections.has('package');
        data['bin'] = t.sections.has('bin');
      } else data['uvWorkspace'] = t.sections.has('tool.uv.workspace');
      return [{ kind: 'manifest', path, line: 1, data }];
    }
    case 'pip': {
      const r = requirementsFacts(text);
      const first = r.unpinned[0]?.line;
      return [{ kind: 'manifest', path, line: first ?? 1, excerpt: excerptAt(text, first), data: { eco, deps: r.count > 0, count: r.count, unpinned: r.unpinned.length } }];
    }
    case 'go':
      return [{ kind: 'manifest', path, line: 1, data: { eco, deps: /^\s*require\b/m.test(text) } }];
    case 'maven': {
      const m = /<version>\s*(?:[[(][^<]*|(?:LATEST|RELEASE)\s*)<\/version>/.exec(text);
      const line = m ? text.slice(0, m.index).split('\n').length : undefined;
      return [{ kind: 'manifest', path, line: line ?? 1, excerpt: excerptAt(text, line), data: { eco, deps: /<dependency>/.test(text), dynamic: m !== null } }];
    }
    case 'gradle': {
      const m = /["'][\w.-]+:[\w.-]+:[^"'\s]*\+["']|latest\.(?:release|integration|milestone)|=\s*["'][\d.]*\+["']/.exec(text);
      const line = m ? text.slice(0, m.index).split('\n').length : undefined;
      const deps = file.base === 'libs.versions.toml' ? false : /\b(?:implementation|api|compile\w*|runtimeOnly|testImplementation)\b/.test(text);
      return [{ kind: file.base === 'libs.versions.toml' ? 'gradle-catalog' : 'manifest', path, line: line ?? 1, excerpt: excerptAt(text, line), data: { eco, deps, dynamic: m !== null } }];
    }
    case 'composer': {
      let deps = true;
      try {
        const c = JSON.parse(text) as unknown;
        const req = isRecord(c) ? { ...(isRecord(c['require']) ? c['require'] : {}), ...(isRecord(c['require-dev']) ? c['require-dev'] : {}) } : {};
        deps = Object.keys(req).some((k) => k !== 'php' && !k.startsWith('ext-'));
      } catch {
        /* broken: assume it has dependencies */
      }
      return [{ kind: 'manifest', path, line: 1, data: { eco, deps } }];
    }
    default:
      return [{ kind: 'manifest', path, line: 1, data: { eco, deps: true } }];
  }
}

// ---------------------------------------------------------------- evaluate

function globToRegExp(glob: string): RegExp {
  const g = glob.replace(/^\.\//, '').replace(/\/+$/, '');
  let re = '';
  for (let i = 0; i < g.length; i++) {
    const c = g[i] as string;
    if (c === '*' && g[i + 1] === '*') {
      re += '.*';
      i++;
      if (g[i + 1] === '/') i++;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** Does a workspace declaration at `rootDir` with these globs include the package in `memberDir`? */
export function workspaceIncludes(rootDir: string, globs: string[], memberDir: string): boolean {
  const rel = rootDir === '' ? memberDir : memberDir.startsWith(`${rootDir}/`) ? memberDir.slice(rootDir.length + 1) : null;
  if (rel === null || rel === '') return false;
  const pos = globs.filter((g) => !g.startsWith('!'));
  const neg = globs.filter((g) => g.startsWith('!')).map((g) => g.slice(1));
  return pos.some((g) => globToRegExp(g).test(rel)) && !neg.some((g) => globToRegExp(g).test(rel));
}

type State = 'locked' | 'pinned' | 'missing' | 'untracked' | 'unknown' | 'skipped';
interface Verdict {
  manifest: Finding;
  state: State;
  note: string;
  lock?: string;
}

function judge(input: EvaluateInput, manifests: Finding[], all: Finding[]): Verdict[] {
  const files = new Map(input.index.files.map((f) => [f.path, f]));
  const findLock = (dir: string, names: readonly string[]): FileEntry | undefined => {
    for (const n of names) {
      const e = files.get(joinPath(dir, n));
      if (e) return e;
    }
    return undefined;
  };
  const lockVerdict = (m: Finding, dir: string, names: readonly string[], covered = ''): Verdict => {
    const lock = findLock(dir, names);
    if (!lock) return { manifest: m, state: 'missing', note: `no ${names.slice(0, 3).join(' / ')}${covered ? ` at ${covered}` : ''}` };
    if (!lock.tracked) return { manifest: m, state: 'untracked', note: `${lock.path} exists but is not committed`, lock: lock.path };
    return { manifest: m, state: 'locked', note: `locked by ${lock.path}`, lock: lock.path };
  };
  const npmRoots = all
    .filter((f) => f.kind === 'manifest' && f.data?.['eco'] === 'npm' && String(f.data?.['workspaces'] ?? '[]') !== '[]')
    .map((f) => ({ dir: dirOf(f.path), globs: JSON.parse(String(f.data?.['workspaces'])) as string[] }));
  const pnpmRoots = all.filter((f) => f.kind === 'workspace-decl').map((f) => ({ dir: dirOf(f.path), globs: JSON.parse(String(f.data?.['globs'])) as string[] }));
  const wsRoots = [...npmRoots, ...pnpmRoots];
  const pipLocked = new Set(
    all.filter((f) => f.kind === 'manifest' && f.data?.['eco'] === 'pip' && f.data['deps'] === true && Number(f.data['unpinned']) === 0).map((f) => dirOf(f.path)),
  );
  const cargoWorkspaces = all.filter((f) => f.kind === 'manifest' && f.data?.['eco'] === 'cargo' && f.data['workspace'] === true).map((f) => dirOf(f.path));
  const uvWorkspaces = all.filter((f) => f.kind === 'manifest' && f.data?.['uvWorkspace'] === true).map((f) => dirOf(f.path));
  const gradleDynamicCatalog = all.find((f) => f.kind === 'gradle-catalog' && f.data?.['dynamic'] === true);
  const verificationMeta = [...files.keys()].some((p) => /(?:^|\/)gradle\/verification-metadata\.xml$/.test(p));

  return manifests.map((m): Verdict => {
    const d = m.data ?? {};
    const dir = dirOf(m.path);
    switch (d['eco'] as Eco) {
      case 'npm': {
        const root = wsRoots.find((r) => workspaceIncludes(r.dir, r.globs, dir));
        if (root) return lockVerdict(m, root.dir, LOCKS.npm, `workspace root ${root.dir || '.'}`);
        if (d['broken'] === true) {
          const v = lockVerdict(m, dir, LOCKS.npm);
          return v.state === 'locked' ? v : { manifest: m, state: 'unknown', note: 'package.json is not valid JSON' };
        }
        const isRoot = wsRoots.some((r) => r.dir === dir);
        if (d['deps'] !== true && !isRoot) return { manifest: m, state: 'skipped', note: 'no dependencies' };
        return lockVerdict(m, dir, LOCKS.npm);
      }
      case 'python': {
        if (d['deps'] !== true) return { manifest: m, state: 'skipped', note: 'no dependencies declared' };
        if (pipLocked.has(dir)) return { manifest: m, state: 'locked', note: 'pinned requirements file alongside' };
        const ws = uvWorkspaces.find((w) => w !== dir && (w === '' || dir.startsWith(`${w}/`)));
        return lockVerdict(m, ws ?? dir, LOCKS.python);
      }
      case 'pipenv':
        return lockVerdict(m, dir, LOCKS.pipenv);
      case 'pip': {
        if (d['deps'] !== true) return { manifest: m, state: 'skipped', note: 'no requirements' };
        if (Number(d['unpinned']) === 0) return { manifest: m, state: 'locked', note: `all ${String(d['count'])} requirements pinned with ==` };
        const lock = findLock(dir, LOCKS.python);
        if (lock?.tracked) return { manifest: m, state: 'locked', note: `unpinned, but ${lock.path} locks the project`, lock: lock.path };
        return { manifest: m, state: 'missing', note: `${plural(Number(d['unpinned']), 'requirement')} not pinned with == and no lockfile` };
      }
      case 'go':
        if (d['deps'] !== true) return { manifest: m, state: 'skipped', note: 'no required modules' };
        return lockVerdict(m, dir, LOCKS.go);
      case 'ruby':
        return lockVerdict(m, dir, LOCKS.ruby);
      case 'composer':
        if (d['deps'] !== true) return { manifest: m, state: 'skipped', note: 'no dependencies' };
        return lockVerdict(m, dir, LOCKS.composer);
      case 'cargo': {
        const ws = cargoWorkspaces.find((w) => w !== dir && (w === '' || dir.startsWith(`${w}/`)));
        if (ws !== undefined) return lockVerdict(m, ws, LOCKS.cargo, `workspace root ${ws || '.'}`);
        const app = d['bin'] === true || d['workspace'] === true || files.has(joinPath(dir, 'src/main.rs'));
        // Cargo's own advice for libraries was long "don't commit Cargo.lock"; judge only binaries and workspaces.
        if (!app) {
          const v = lockVerdict(m, dir, LOCKS.cargo);
          return v.state === 'locked' ? v : { manifest: m, state: 'skipped', note: 'library crate: a lockfile is optional' };
        }
        return lockVerdict(m, dir, LOCKS.cargo);
      }
      case 'maven':
        // Maven has no lockfile; fixed versions resolve the same way every build, ranges do not.
        if (d['dynamic'] === true) return { manifest: m, state: 'missing', note: 'version range / LATEST / RELEASE and Maven has no lockfile' };
        if (d['deps'] !== true) return { manifest: m, state: 'skipped', note: 'no dependencies' };
        return { manifest: m, state: 'pinned', note: 'Maven has no lockfile; all dependency versions are fixed' };
      case 'gradle': {
        const lock = findLock(dir, ['gradle.lockfile']);
        if (lock?.tracked) return { manifest: m, state: 'locked', note: `locked by ${lock.path}`, lock: lock.path };
        if (verificationMeta) return { manifest: m, state: 'locked', note: 'gradle/verification-metadata.xml verifies dependencies' };
        if (d['dynamic'] === true || gradleDynamicCatalog) return { manifest: m, state: 'missing', note: 'dynamic versions (+ / latest.*) without gradle.lockfile' };
        if (d['deps'] !== true) return { manifest: m, state: 'skipped', note: 'no dependencies' };
        return { manifest: m, state: 'pinned', note: 'no gradle.lockfile; all dependency versions are fixed' };
      }
    }
  });
}

function evaluateLockfile(input: EvaluateInput): Signal {
  const id = 'deps.lockfile';
  const all = input.findings;
  const candidates = all.filter((f) => f.kind === 'manifest');
  const ignored = candidates.filter((f) => isFixturePath(f.path) || dirOf(f.path).split('/').some((s) => EXAMPLE_SEGMENT.test(s)));
  const manifests = candidates.filter((f) => !ignored.includes(f));
  const verdicts = judge(input, manifests, all).filter((v) => v.state !== 'skipped');
  const ev = (v: Verdict): Evidence => evidenceOf(input, v.manifest, v.note);
  const count = (s: State) => verdicts.filter((v) => v.state === s).length;
  const details = {
    manifests: verdicts.length,
    locked: count('locked'),
    pinned_without_lockfile: count('pinned'),
    missing: count('missing') + count('untracked'),
    ignored_examples_or_fixtures: ignored.length,
  };
  if (verdicts.length === 0) {
    return { id, status: 'not_applicable', summary: 'no package manifests with dependencies', confidence: 'high', evidence: [], details };
  }
  const bad = verdicts.filter((v) => v.state === 'missing' || v.state === 'untracked');
  if (bad.length > 0) {
    return {
      id,
      status: 'fail',
      summary: `${plural(bad.length, 'manifest')} of ${verdicts.length} without a committed lockfile`,
      confidence: 'high',
      evidence: capEvidence(bad.map(ev)),
      details,
    };
  }
  const unk = verdicts.filter((v) => v.state === 'unknown');
  if (unk.length > 0) {
    return { id, status: 'unknown', summary: `${plural(unk.length, 'manifest')} could not be read`, confidence: 'medium', evidence: unk.map(ev), details };
  }
  const pinned = count('pinned');
  return {
    id,
    status: 'pass',
    // Maven/Gradle builds with fixed versions have no lockfile to commit: say so rather than call them "locked".
    summary:
      pinned === verdicts.length
        ? `${verdicts.length === 1 ? 'the Maven/Gradle build fixes' : `all ${verdicts.length} Maven/Gradle builds fix`} every dependency version (no lockfile format to commit)`
        : `${verdicts.length === 1 ? 'the manifest is' : `all ${verdicts.length} manifests`} locked` + (pinned ? ` (${pinned} of them Maven/Gradle with fixed versions and no lockfile)` : ''),
    confidence: pinned ? 'medium' : 'high',
    evidence: capEvidence(verdicts.map(ev)),
    details,
  };
}

function evaluateBot(input: EvaluateInput): Signal {
  const id = 'deps.update-bot';
  const dep = input.findings.filter((f) => f.kind === 'dependabot');
  const ren = input.findings.filter((f) => f.kind === 'renovate');
  const good = [
    ...dep.filter((f) => Number(f.data?.['updates']) > 0).map((f) => evidenceOf(input, f, `Dependabot: ${String(f.data?.['ecosystems'])}`)),
    ...ren.filter((f) => f.data?.['enabled'] === true).map((f) => evidenceOf(input, f, 'Renovate')),
  ];
  if (good.length > 0) {
    return { id, status: 'pass', summary: `update bot configured (${[dep.length ? 'Dependabot' : '', ren.length ? 'Renovate' : ''].filter(Boolean).join(', ')})`, confidence: 'high', evidence: good };
  }
  const broken = dep.filter((f) => f.data?.['error']);
  if (broken.length > 0) {
    return { id, status: 'unknown', summary: 'dependabot.yml could not be parsed', confidence: 'medium', evidence: broken.map((f) => evidenceOf(input, f, String(f.data?.['error']))) };
  }
  if (dep.length + ren.length > 0) {
    return {
      id,
      status: 'fail',
      summary: 'update bot configuration present but it updates nothing',
      confidence: 'high',
      evidence: [...dep.map((f) => evidenceOf(input, f, 'no updates entries')), ...ren.map((f) => evidenceOf(input, f, 'Renovate disabled'))],
    };
  }
  return {
    id,
    status: 'fail',
    summary: 'no Dependabot or Renovate configuration',
    // Dependabot security updates and org-wide Renovate presets can live outside the repository.
    confidence: 'medium',
    evidence: [absenceEvidence('looked for .github/dependabot.yml, renovate.json(5), .renovaterc, .github/renovate.json, package.json "renovate"')],
  };
}

export const depsDetector: Detector = {
  id: 'deps',
  signals: [
    { id: 'deps.lockfile', title: 'Lockfiles committed', passWhen: 'every package manifest has its lockfile committed' },
    { id: 'deps.update-bot', title: 'Dependency update bot', passWhen: 'Dependabot or Renovate is configured' },
    { id: 'deps.suspicious', title: 'Dependencies to check', passWhen: 'informational: dependencies declared but never imported, with install scripts, or one edit away from a popular package name', informational: true },
  ],
  selects: (f) => BOT_DEPENDABOT.test(f.path) || BOT_RENOVATE.test(f.path) || f.base === 'pnpm-workspace.yaml' || ecoOf(f.path, f.base) !== undefined || selectsSuspicious(f),
  collect: (file, text) => [...collectDeps(file, text), ...collectSuspicious(file, text)],
  // One finding per declared dependency: a monorepo's root manifest easily declares more than 100.
  keepPerFile: 5_000,
  evaluate: (input) => [evaluateLockfile(input), evaluateBot(input), evaluateSuspicious(input)],
};

