import { viewOf } from '../../file-view.js';
import type { FileEntry } from '../../types.js';
import { lineLocator } from './mask.js';

export type Ecosystem = 'npm' | 'pypi' | 'go' | 'maven';

/** A dependency as a manifest declares it. `dev` covers devDependencies, test scopes and dev groups. */
export interface DeclaredDep {
  ecosystem: Ecosystem;
  /** npm name, normalised PyPI name, Go module path, or Maven `group:artifact`. */
  name: string;
  line: number;
  dev: boolean;
}

/** Manifest files this module can read, by lower-cased base name (plus requirements*.txt). */
export function isManifest(file: Pick<FileEntry, 'base' | 'path'>): boolean {
  const b = file.base;
  if (['package.json', 'pyproject.toml', 'pipfile', 'setup.py', 'setup.cfg', 'go.mod', 'pom.xml', 'build.gradle', 'build.gradle.kts', 'libs.versions.toml'].includes(b)) return true;
  // Asked of every path: the extension is compared before any regex runs.
  if (!b.endsWith('.txt') && !b.endsWith('.in')) return false;
  if (/^requirements.*\.(txt|in)$/.test(b)) return true;
  return /(^|\/)requirements\/[^/]+\.(txt|in)$/i.test(file.path);
}

export function parseManifest(file: Pick<FileEntry, 'base' | 'path'>, text: string): readonly DeclaredDep[] {
  // Every usage detector, the AI detector and the dependency checks read the same manifest: parsed once per file.
  return viewOf(text, `manifest:${file.path}`, () => readManifest(file, text));
}

function readManifest(file: Pick<FileEntry, 'base' | 'path'>, text: string): DeclaredDep[] {
  const b = file.base;
  try {
    if (b === 'package.json') return packageJson(text);
    if (b === 'pyproject.toml') return pyproject(text);
    if (b === 'pipfile') return pipfile(text);
    if (b === 'setup.py') return setupPy(text);
    if (b === 'setup.cfg') return setupCfg(text);
    if (b === 'go.mod') return goMod(text);
    if (b === 'pom.xml') return pom(text);
    if (b === 'build.gradle' || b === 'build.gradle.kts') return gradle(text);
    if (b === 'libs.versions.toml') return versionCatalog(text);
    return requirements(text, /dev|test|lint|doc/i.test(file.path));
  } catch {
    // A manifest we cannot read declares nothing we can prove; other files still count.
    return [];
  }
}

/** PEP 503 normalisation: case-insensitive, runs of -_. are one dash. */
export function normalisePypi(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

function keyLine(text: string, key: string, from = 0): number {
  const at = lineLocator(text);
  const i = text.indexOf(`"${key}"`, from);
  return i < 0 ? 1 : at(i);
}

function packageJson(text: string): DeclaredDep[] {
  const json: unknown = JSON.parse(text);
  if (!json || typeof json !== 'object') return [];
  const out: DeclaredDep[] = [];
  const sections: [string, boolean][] = [['dependencies', false], ['devDependencies', true], ['peerDependencies', false], ['optionalDependencies', false]];
  for (const [section, dev] of sections) {
    const deps = (json as Record<string, unknown>)[section];
    if (!deps || typeof deps !== 'object') continue;
    const sectionAt = text.indexOf(`"${section}"`);
    for (const name of Object.keys(deps)) out.push({ ecosystem: 'npm', name, line: keyLine(text, name, Math.max(0, sectionAt)), dev });
  }
  return out;
}

/** `name[extra]>=1 ; marker` → normalised name, or null for options, URLs and blanks. */
function pep508Name(spec: string): string | null {
  const s = spec.trim();
  if (!s || s.startsWith('#') || s.startsWith('-') || /^[a-z+]+:\/\//i.test(s)) return null;
  const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(s);
  return m ? normalisePypi(m[1] as string) : null;
}

function requirements(text: string, dev: boolean): DeclaredDep[] {
  const out: DeclaredDep[] = [];
  text.split('\n').forEach((l, i) => {
    const name = pep508Name(l.replace(/\s#.*$/, ''));
    if (name) out.push({ ecosystem: 'pypi', name, line: i + 1, dev });
  });
  return out;
}

/** Minimal TOML walk: tracks the current [table] and reads the dependency shapes we need. */
function pyproject(text: string): DeclaredDep[] {
  const out: DeclaredDep[] = [];
  const lines = text.split('\n');
  let table = '';
  let inArray: { dev: boolean } | null = null;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] as string;
    const l = raw.replace(/(^|\s)#.*$/, '').trim();
    if (inArray) {
      for (const m of l.matchAll(/["']([^"']+)["']/g)) {
        const name = pep508Name(m[1] as string);
        if (name) out.push({ ecosystem: 'pypi', name, line: i + 1, dev: inArray.dev });
      }
      // `uvicorn[standard]` holds a bracket too: only one outside quotes closes the array.
      if (l.replace(/"[^"]*"|'[^']*'/g, '').includes(']')) inArray = null;
      continue;
    }
    const t = /^\[+([^\]]+)\]+$/.exec(l);
    if (t) { table = (t[1] as string).trim(); continue; }
    const arr = /^([\w.-]+)\s*=\s*\[(.*)$/.exec(l);
    const isDepArray =
      (table === 'project' && arr?.[1] === 'dependencies') ||
      table === 'project.optional-dependencies' ||
      table === 'dependency-groups' ||
      (table === 'tool.uv' && arr?.[1] === 'dev-dependencies');
    if (arr && isDepArray) {
      const dev = table !== 'project' || /dev|test|lint|doc/i.test(arr[1] as string);
      const rest = arr[2] as string;
      for (const m of rest.matchAll(/["']([^"']+)["']/g)) {
        const name = pep508Name(m[1] as string);
        if (name) out.push({ ecosystem: 'pypi', name, line: i + 1, dev });
      }
      if (!rest.replace(/"[^"]*"|'[^']*'/g, '').includes(']')) inArray = { dev };
      continue;
    }
    const poetry = /^tool\.poetry\.(dependencies|dev-dependencies|group\.([\w-]+)\.dependencies)$/.exec(table);
    if (poetry) {
      const kv = /^([A-Za-z0-9][\w.-]*)\s*=/.exec(l);
      if (kv && (kv[1] as string).toLowerCase() !== 'python') {
        const dev = poetry[1] !== 'dependencies' && !(poetry[2] === 'main');
        out.push({ ecosystem: 'pypi', name: normalisePypi(kv[1] as string), line: i + 1, dev });
      }
    }
  }
  return out;
}

function pipfile(text: string): DeclaredDep[] {
  const out: DeclaredDep[] = [];
  let section = '';
  text.split('\n').forEach((raw, i) => {
    const l = raw.trim();
    const t = /^\[([^\]]+)\]$/.exec(l);
    if (t) { section = t[1] as string; return; }
    if (section !== 'packages' && section !== 'dev-packages') return;
    const kv = /^["']?([A-Za-z0-9][\w.-]*)["']?\s*=/.exec(l);
    if (kv) out.push({ ecosystem: 'pypi', name: normalisePypi(kv[1] as string), line: i + 1, dev: section === 'dev-packages' });
  });
  return out;
}

function setupPy(text: string): DeclaredDep[] {
  const out: DeclaredDep[] = [];
  const at = lineLocator(text);
  for (const m of text.matchAll(/(install_requires|tests_require|extras_require)\s*=\s*([[{])/g)) {
    const open = (m.index ?? 0) + m[0].length - 1;
    const close = text.indexOf(m[2] === '[' ? ']' : '}', open);
    const body = text.slice(open, close < 0 ? undefined : close);
    const dev = m[1] !== 'install_requires';
    for (const s of body.matchAll(/["']([^"']+)["']/g)) {
      const name = pep508Name(s[1] as string);
      // extras_require keys are group names, not packages.
      if (name && !(m[2] === '{' && /^\s*:/.test(body.slice((s.index ?? 0) + s[0].length)))) {
        out.push({ ecosystem: 'pypi', name, line: at(open + (s.index ?? 0)), dev });
      }
    }
  }
  return out;
}

function setupCfg(text: string): DeclaredDep[] {
  const out: DeclaredDep[] = [];
  const lines = text.split('\n');
  let collecting = false;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] as string;
    const start = /^\s*install_requires\s*=\s*(.*)$/.exec(l);
    if (start) {
      collecting = true;
      const name = pep508Name(start[1] as string);
      if (name) out.push({ ecosystem: 'pypi', name, line: i + 1, dev: false });
      continue;
    }
    if (!collecting) continue;
    if (/^\s+\S/.test(l)) {
      const name = pep508Name(l);
      if (name) out.push({ ecosystem: 'pypi', name, line: i + 1, dev: false });
    } else if (l.trim() !== '') {
      collecting = false;
    }
  }
  return out;
}

/** `// indirect` requirements are someone else's choice: they never count as declared. */
function goMod(text: string): DeclaredDep[] {
  const out: DeclaredDep[] = [];
  let inBlock = false;
  text.split('\n').forEach((raw, i) => {
    const l = raw.trim();
    if (/^require\s*\($/.test(l)) { inBlock = true; return; }
    if (inBlock && l === ')') { inBlock = false; return; }
    const m = inBlock ? /^([^\s/][^\s]*)\s+v\S+(.*)$/.exec(l) : /^require\s+(\S+)\s+v\S+(.*)$/.exec(l);
    if (m && !/\/\/\s*indirect/.test(m[2] as string) && !(m[1] as string).startsWith('//')) {
      out.push({ ecosystem: 'go', name: m[1] as string, line: i + 1, dev: false });
    }
  });
  return out;
}

function pom(text: string): DeclaredDep[] {
  const out: DeclaredDep[] = [];
  const at = lineLocator(text);
  const clean = text.replace(/<!--[\s\S]*?-->/g, (m) => m.replace(/[^\n]/g, ' '));
  for (const m of clean.matchAll(/<(dependency|plugin)>([\s\S]*?)<\/\1>/g)) {
    const body = m[2] as string;
    const g = /<groupId>\s*([^<\s]+)\s*<\/groupId>/.exec(body);
    const a = /<artifactId>\s*([^<\s]+)\s*<\/artifactId>/.exec(body);
    if (!a) continue;
    const scope = /<scope>\s*(test|provided)\s*<\/scope>/.exec(body);
    const offset = (m.index ?? 0) + m[0].indexOf(a[0]);
    out.push({ ecosystem: 'maven', name: `${g ? g[1] : 'org.apache.maven.plugins'}:${a[1]}`, line: at(offset), dev: scope?.[1] === 'test' });
  }
  return out;
}

const GRADLE_CONF = /\b(implementation|api|compileOnly|runtimeOnly|annotationProcessor|kapt|ksp|compile|runtime|testImplementation|testRuntimeOnly|testCompileOnly|androidTestImplementation|developmentOnly)\b/;

function gradle(text: string): DeclaredDep[] {
  const out: DeclaredDep[] = [];
  text.split('\n').forEach((raw, i) => {
    const l = raw.replace(/\/\/.*$/, '');
    const conf = GRADLE_CONF.exec(l);
    if (!conf) return;
    const dev = /^test|^androidTest/.test(conf[1] as string);
    const coord = /["']([\w.-]+):([\w.-]+)(?::[^"']*)?["']/.exec(l);
    if (coord) { out.push({ ecosystem: 'maven', name: `${coord[1]}:${coord[2]}`, line: i + 1, dev }); return; }
    const named = /group\s*[:=]\s*["']([\w.-]+)["']\s*,\s*name\s*[:=]\s*["']([\w.-]+)["']/.exec(l);
    if (named) out.push({ ecosystem: 'maven', name: `${named[1]}:${named[2]}`, line: i + 1, dev });
  });
  return out;
}

function versionCatalog(text: string): DeclaredDep[] {
  const out: DeclaredDep[] = [];
  let section = '';
  text.split('\n').forEach((raw, i) => {
    const l = raw.replace(/#.*$/, '').trim();
    const t = /^\[([^\]]+)\]$/.exec(l);
    if (t) { section = t[1] as string; return; }
    if (section !== 'libraries') return;
    const mod = /module\s*=\s*["']([\w.-]+):([\w.-]+)["']/.exec(l) ?? /^[\w.-]+\s*=\s*["']([\w.-]+):([\w.-]+)(?::[^"']*)?["']/.exec(l);
    const grp = /group\s*=\s*["']([\w.-]+)["'].*name\s*=\s*["']([\w.-]+)["']/.exec(l);
    const hit = mod ?? grp;
    if (hit) out.push({ ecosystem: 'maven', name: `${hit[1]}:${hit[2]}`, line: i + 1, dev: false });
  });
  return out;
}
