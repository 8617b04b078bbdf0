import type { Detector, EvaluateInput, Evidence, FileEntry, Finding, Signal } from '../types.js';
import { capEvidence, evidenceOf, excerptAt, plural } from './infra-helpers.js';
import { isDeployedConfigPath, isFixturePath } from '../path-role.js';

/**
 * Dockerfiles: which user the final image runs as and whether base images are
 * pinned. Instructions are parsed the way BuildKit reads them (continuations,
 * comments, heredocs, ARG substitution in FROM, multi-stage names), because a
 * grep for `USER` cannot tell the build stage from the shipped one.
 */

const NON_DOCKER_EXT =
  /\.(?:md|txt|json|ya?ml|sh|ps1|dockerignore|orig|bak|swp|rej|j2|tpl|template|[cm]?[jt]sx?|py|go|rs|java|kt|rb|php|cs|html?|xml|toml|lock|log|snap|diff|patch)$/i;

export function isDockerfilePath(f: Pick<FileEntry, 'base'>): boolean {
  const b = f.base;
  if (NON_DOCKER_EXT.test(b)) return false;
  return b === 'dockerfile' || b === 'containerfile' || /^(?:dockerfile|containerfile)\.[^/]+$/.test(b) || /\.(?:dockerfile|containerfile)$/.test(b);
}

export interface Instruction {
  keyword: string;
  args: string;
  line: number;
}

/** Logical instructions with the line each starts on. */
export function parseInstructions(text: string): Instruction[] {
  const lines = text.split(/\r?\n/);
  let escape = '\\';
  // Parser directives sit at the very top, before any instruction or blank line.
  for (const l of lines) {
    const m = /^#\s*([a-z]+)\s*=\s*(\S+)\s*$/i.exec(l);
    if (!m) break;
    if (m[1]?.toLowerCase() === 'escape' && (m[2] === '`' || m[2] === '\\')) escape = m[2];
  }
  const out: Instruction[] = [];
  let buf = '';
  let start = 0;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    const trimmed = raw.trim();
    // Comment lines are dropped even in the middle of a continuation.
    if (trimmed.startsWith('#')) continue;
    if (buf === '' && trimmed === '') continue;
    if (buf === '') start = i + 1;
    if (trimmed.endsWith(escape)) {
      buf += `${trimmed.slice(0, -1)} `;
      continue;
    }
    buf += trimmed;
    const m = /^(\S+)\s*(.*)$/.exec(buf);
    if (m?.[1]) {
      const ins: Instruction = { keyword: m[1].toUpperCase(), args: m[2] ?? '', line: start };
      out.push(ins);
      // Heredoc bodies (RUN <<EOF … EOF) are not instructions.
      const hd = /<<-?\s*["']?([A-Za-z_][\w]*)["']?/.exec(ins.args);
      if (hd?.[1]) {
        const end = hd[1];
        while (i + 1 < lines.length && (lines[i + 1] ?? '').trim() !== end) i++;
        i++;
      }
    }
    buf = '';
  }
  return out;
}

/** `${A}`, `$A`, `${A:-x}` substitution with the known build args. */
function substitute(s: string, args: Map<string, string | null>): { value: string; unresolved: boolean } {
  let unresolved = false;
  const value = s.replace(/\$\{([A-Za-z_]\w*)(?::?([-+])([^}]*))?\}|\$([A-Za-z_]\w*)/g, (_m, a: string | undefined, op: string | undefined, word: string | undefined, b: string | undefined) => {
    const name = (a ?? b) as string;
    const v = args.get(name);
    if (op === '-') return v ? v : (word ?? '');
    if (op === '+') return v ? (word ?? '') : '';
    if (v === undefined || v === null) {
      unresolved = true;
      return '';
    }
    return v;
  });
  return { value, unresolved };
}

export type PinStatus = 'digest' | 'tag' | 'latest' | 'untagged' | 'floating' | 'unresolved' | 'scratch';
const FLOATING_TAGS = new Set(['edge', 'nightly', 'rolling', 'lts', 'current', 'stable', 'main', 'master', 'dev', 'develop']);

export function pinStatus(image: string): PinStatus {
  const ref = image.trim();
  if (ref.toLowerCase() === 'scratch') return 'scratch';
  if (/@sha256:[0-9a-f]{64}$/i.test(ref)) return 'digest';
  const lastSlash = ref.lastIndexOf('/');
  const colon = ref.indexOf(':', lastSlash + 1);
  if (colon < 0) return 'untagged';
  const tag = ref.slice(colon + 1).toLowerCase();
  if (tag === '' ) return 'untagged';
  if (tag === 'latest') return 'latest';
  if (FLOATING_TAGS.has(tag)) return 'floating';
  return 'tag';
}

/** Base images known to default to a non-root user when the Dockerfile sets none. */
function nonRootByDefault(image: string): boolean {
  const ref = image.toLowerCase();
  if (/^gcr\.io\/distroless\/[^:@]+:(?:[^@]*-)?nonroot(?:-[^@]*)?(?:@|$)/.test(ref)) return true;
  if (/^cgr\.dev\/chainguard\//.test(ref) && !/-dev(?:@|$)/.test(ref)) return true;
  return false;
}

function isRootUser(user: string): boolean {
  const name = (user.split(':')[0] ?? '').trim().toLowerCase();
  return name === 'root' || name === '0';
}

interface Stage {
  name: string | null;
  base: string;
  internalBase: number | null;
  fromLine: number;
  user: { value: string; line: number; unresolved: boolean } | null;
}

export function collectDockerfile(file: FileEntry, text: string): Finding[] {
  const path = file.path;
  const ins = parseInstructions(text);
  const globalArgs = new Map<string, string | null>();
  const stages: Stage[] = [];
  const out: Finding[] = [{ kind: 'dockerfile', path, line: 1 }];
  let stageArgs = new Map<string, string | null>();
  for (const i of ins) {
    if (i.keyword === 'ARG') {
      for (const m of i.args.matchAll(/([A-Za-z_]\w*)(?:=("[^"]*"|'[^']*'|\S*))?/g)) {
        const name = m[1] as string;
        const raw = m[2];
        const val = raw === undefined ? null : raw.replace(/^["']|["']$/g, '');
        // Before the first FROM an ARG is global; inside a stage it re-declares (inheriting the global default).
        if (stages.length === 0) globalArgs.set(name, val);
        else stageArgs.set(name, val ?? globalArgs.get(name) ?? null);
      }
    } else if (i.keyword === 'FROM') {
      const parts = i.args.split(/\s+/).filter((p) => !p.startsWith('--'));
      const rawImage = parts[0] ?? '';
      const asIdx = parts.findIndex((p) => p.toLowerCase() === 'as');
      const name = asIdx >= 0 ? (parts[asIdx + 1] ?? '').toLowerCase() : null;
      const { value: image, unresolved } = substitute(rawImage, globalArgs);
      const internal = stages.findIndex((s) => s.name !== null && s.name === image.toLowerCase());
      const byIndex = /^\d+$/.test(image) && Number(image) < stages.length ? Number(image) : -1;
      const internalBase = internal >= 0 ? internal : byIndex >= 0 ? byIndex : null;
      stages.push({ name, base: image, internalBase, fromLine: i.line, user: null });
      stageArgs = new Map();
      if (internalBase === null) {
        const status: PinStatus = unresolved || image === '' ? 'unresolved' : pinStatus(image);
        out.push({ kind: 'base-image', path, line: i.line, excerpt: excerptAt(text, i.line), data: { image: image.slice(0, 200), status } });
      }
    } else if (i.keyword === 'USER') {
      const st = stages[stages.length - 1];
      if (!st) continue;
      const merged = new Map([...globalArgs, ...stageArgs]);
      const { value, unresolved } = substitute(i.args.trim(), merged);
      st.user = { value, line: i.line, unresolved };
    }
  }
  const final = stages.length - 1;
  if (final < 0) {
    // `Dockerfile.notes` without a FROM is not a Dockerfile; a plain `Dockerfile` without one is broken.
    if (file.base !== 'dockerfile' && file.base !== 'containerfile') return [];
    out.push({ kind: 'no-from', path, line: 1 });
    return out;
  }
  // Walk back through `FROM <stage>` chains: a stage inherits its parent's USER.
  let idx: number | null = final;
  const seen = new Set<number>();
  while (idx !== null && !seen.has(idx)) {
    seen.add(idx);
    const st: Stage = stages[idx] as Stage;
    if (st.user) {
      const status = st.user.unresolved ? 'unresolved' : isRootUser(st.user.value) ? 'root' : 'nonroot';
      out.push({ kind: 'final-user', path, line: st.user.line, excerpt: excerptAt(text, st.user.line), data: { status, user: st.user.value.slice(0, 80) } });
      return out;
    }
    if (st.internalBase === null) {
      const status = nonRootByDefault(st.base) ? 'base-nonroot' : 'missing';
      out.push({ kind: 'final-user', path, line: st.fromLine, excerpt: excerptAt(text, st.fromLine), data: { status, user: null } });
      return out;
    }
    idx = st.internalBase;
  }
  return out;
}

const USER_NOTES: Record<string, string> = {
  root: 'final stage runs as root',
  missing: 'no USER in the final stage: runs as root',
  unresolved: 'USER comes from a build argument without a default',
  nonroot: 'final stage runs as a non-root user',
  'base-nonroot': 'base image runs as non-root by default',
};

/**
 * Images for a developer's editor (`.devcontainer/`, Gitpod) never ship: a root user
 * there says nothing about production, so they are left out like test fixtures.
 */
export function isDevEnvironmentPath(p: string): boolean {
  return p.split('/').slice(0, -1).some((d) => d === '.devcontainer') || /(^|\/)\.gitpod(\.[\w-]+)?\.dockerfile$/i.test(p);
}

function shipped(p: string): boolean {
  return isDeployedConfigPath(p) && !isDevEnvironmentPath(p);
}

function relevant(findings: Finding[]): Finding[] {
  return findings.filter((f) => shipped(f.path));
}

function ignoredNote(all: string[]): string {
  const fixtures = all.filter(isFixturePath).length;
  const dev = all.filter((p) => !isFixturePath(p) && isDevEnvironmentPath(p)).length;
  const elsewhere = all.filter((p) => !isFixturePath(p) && !isDevEnvironmentPath(p) && !isDeployedConfigPath(p)).length;
  const parts = [fixtures ? plural(fixtures, 'test fixture') : '', dev ? plural(dev, 'dev-container Dockerfile') : '', elsewhere ? `${plural(elsewhere, 'Dockerfile')} in examples or tests` : ''].filter(Boolean);
  return parts.length > 0 ? ` (${parts.join(', ')} ignored)` : '';
}

function evaluateNonroot(input: EvaluateInput, files: string[]): Signal {
  const id = 'container.nonroot';
  const users = relevant(input.findings).filter((f) => f.kind === 'final-user');
  const noFrom = relevant(input.findings).filter((f) => f.kind === 'no-from');
  const st = (f: Finding) => String(f.data?.['status']);
  const bad = users.filter((f) => st(f) === 'root' || st(f) === 'missing');
  const unk = [...users.filter((f) => st(f) === 'unresolved'), ...noFrom];
  const ev = (f: Finding) => evidenceOf(input, f, f.kind === 'no-from' ? 'no FROM instruction' : USER_NOTES[st(f)]);
  if (bad.length > 0) {
    return {
      id,
      status: 'fail',
      summary: `${plural(bad.length, 'Dockerfile')} of ${files.length} run the final stage as root`,
      confidence: 'high',
      evidence: capEvidence(bad.map(ev)),
    };
  }
  if (unk.length > 0) {
    return { id, status: 'unknown', summary: `cannot tell the runtime user of ${plural(unk.length, 'Dockerfile')}`, confidence: 'medium', evidence: capEvidence(unk.map(ev)) };
  }
  const inherited = users.filter((f) => st(f) === 'base-nonroot').length;
  return {
    id,
    status: 'pass',
    summary: `${files.length === 1 ? 'the Dockerfile runs' : `all ${files.length} Dockerfiles run`} the final stage as a non-root user` + (inherited ? ` (${inherited} via the base image's default)` : ''),
    confidence: inherited ? 'medium' : 'high',
    evidence: capEvidence(users.map(ev)),
  };
}

const PIN_NOTES: Record<PinStatus, string> = {
  digest: 'pinned by digest',
  tag: 'explicit tag (mutable; a digest is stronger)',
  latest: 'uses :latest',
  untagged: 'no tag: resolves to :latest',
  floating: 'floating tag that moves like :latest',
  unresolved: 'image set by a build argument without a default',
  scratch: 'scratch (empty base)',
};

function evaluatePinned(input: EvaluateInput, files: string[]): Signal {
  const id = 'container.pinned-base';
  const bases = relevant(input.findings).filter((f) => f.kind === 'base-image');
  const st = (f: Finding) => String(f.data?.['status']) as PinStatus;
  const ev = (f: Finding) => evidenceOf(input, f, PIN_NOTES[st(f)]);
  const bad = bases.filter((f) => ['latest', 'untagged', 'floating'].includes(st(f)));
  const unk = bases.filter((f) => st(f) === 'unresolved');
  const digests = bases.filter((f) => st(f) === 'digest').length;
  const tags = bases.filter((f) => st(f) === 'tag').length;
  const details = { base_images: bases.length, digest: digests, tag: tags, unpinned: bad.length, unresolved: unk.length };
  if (bad.length > 0) {
    return { id, status: 'fail', summary: `${plural(bad.length, 'base image')} of ${bases.length} not pinned (latest or no tag)`, confidence: 'high', evidence: capEvidence(bad.map(ev)), details };
  }
  if (unk.length > 0) {
    return { id, status: 'unknown', summary: `${plural(unk.length, 'base image')} set by build arguments without defaults`, confidence: 'medium', evidence: capEvidence(unk.map(ev)), details };
  }
  if (bases.length === 0) {
    const ev2: Evidence[] = files.map((p) => ({ path: p, sha256: input.hashOf(p), note: 'only internal stages or scratch' }));
    return { id, status: 'pass', summary: 'no external base images', confidence: 'medium', evidence: ev2, details };
  }
  return {
    id,
    status: 'pass',
    summary: `${bases.length === 1 ? 'the base image is' : `all ${bases.length} base images`} pinned: ${digests} by digest, ${tags} by tag` + (tags ? ' (tags can be re-pushed; digests cannot)' : ''),
    confidence: 'high',
    evidence: capEvidence(bases.map(ev)),
    details,
  };
}

export const dockerfileDetector: Detector = {
  id: 'dockerfile',
  signals: [
    { id: 'container.dockerfile', title: 'Container image definition', passWhen: 'a Dockerfile exists (not_applicable when none)', informational: true },
    { id: 'container.nonroot', title: 'Containers run as non-root', passWhen: "every Dockerfile's final stage runs as a non-root user" },
    { id: 'container.pinned-base', title: 'Pinned base images', passWhen: 'every base image has an explicit non-latest tag or digest' },
  ],
  selects: isDockerfilePath,
  collect: collectDockerfile,
  evaluate(input) {
    const all = [...new Set(input.findings.filter((f) => f.kind === 'dockerfile').map((f) => f.path))];
    const files = all.filter(shipped);
    const fixtures = all.filter(isFixturePath).length;
    const ignored = ignoredNote(all);
    if (files.length === 0) {
      const summary = `no Dockerfile${ignored}`;
      return ['container.dockerfile', 'container.nonroot', 'container.pinned-base'].map((id) => ({
        id,
        status: 'not_applicable' as const,
        summary,
        confidence: 'high' as const,
        evidence: [],
      }));
    }
    return [
      {
        id: 'container.dockerfile',
        status: 'pass',
        summary: `${plural(files.length, 'Dockerfile')} found${ignored}`,
        confidence: 'high',
        evidence: capEvidence(files.map((p) => ({ path: p, sha256: input.hashOf(p) }))),
        details: { dockerfiles: files.length, fixtures_ignored: fixtures, dev_environments_ignored: all.length - files.length - fixtures },
      },
      evaluateNonroot(input, files),
      evaluatePinned(input, files),
    ];
  },
};
