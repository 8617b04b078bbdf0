import type { EvaluateInput, Evidence, FileEntry, Finding, Signal } from '../types.js';
import { pathRole, isFixturePath } from '../path-role.js';
import { moduleFactsView } from '../reach/facts.js';
import { isManifest, parseManifest } from './usage/manifests.js';
import { evidenceOf, excerptAt, plural } from './infra-helpers.js';

/**
 * deps.suspicious — dependencies an assistant may have added without need or by a
 * wrong name (informational): declared but never imported, with install scripts
 * (code that runs at `npm install`), or one edit away from a popular package name
 * (the shape of typosquats and hallucinated names). A small list of popular names
 * ships here; the check is against that list only.
 */

export const POPULAR_NPM: readonly string[] = [
  'react', 'react-dom', 'express', 'lodash', 'axios', 'chalk', 'commander', 'moment', 'request', 'debug', 'dotenv', 'typescript', 'webpack',
  'eslint', 'prettier', 'mocha', 'vitest', 'next', 'nuxt', 'svelte', 'vite', 'rollup', 'esbuild', 'tailwindcss', 'postcss', 'autoprefixer',
  'jquery', 'bootstrap', 'underscore', 'async', 'bluebird', 'yargs', 'minimist', 'glob', 'rimraf', 'mkdirp', 'fs-extra', 'body-parser',
  'cookie-parser', 'helmet', 'morgan', 'winston', 'bcrypt', 'bcryptjs', 'jsonwebtoken', 'passport', 'mongoose', 'sequelize', 'typeorm',
  'prisma', 'mysql', 'mysql2', 'redis', 'ioredis', 'socket.io', 'graphql', 'apollo-server', 'date-fns', 'dayjs', 'luxon', 'nanoid',
  'classnames', 'styled-components', 'framer-motion', 'three', 'chart.js', 'recharts', 'lucide-react', 'react-router', 'react-router-dom',
  'redux', 'react-redux', 'zustand', 'immer', 'openai', 'langchain', 'stripe', 'twilio', 'nodemailer', 'sharp', 'multer', 'formidable',
  'cheerio', 'puppeteer', 'playwright', 'node-fetch', 'cross-fetch', 'superagent', 'query-string', 'semver', 'colors', 'inquirer',
  'prompts', 'execa', 'shelljs', 'cross-env', 'concurrently', 'nodemon', 'husky', 'lint-staged', 'core-js', 'regenerator-runtime', 'tslib',
  'handlebars', 'marked', 'markdown-it', 'highlight.js', 'prismjs', 'validator', 'dompurify', 'sanitize-html', 'crypto-js', 'buffer',
  'events', 'process', 'react-query', 'next-auth', 'firebase', 'mongodb', 'kafkajs', 'amqplib', 'bullmq', 'agenda', 'node-cron',
  'compression', 'express-session', 'connect-redis', 'http-proxy', 'http-proxy-middleware', 'serve-static', 'vue-router', 'vuex', 'pinia',
  'electron', 'react-native', 'ramda', 'lodash-es', 'fastify', 'class-validator', 'class-transformer', 'reflect-metadata', 'eventemitter3',
  'ethers', 'jsdom', 'xml2js', 'js-yaml', 'papaparse', 'pdfkit', 'pdf-lib', 'jspdf', 'html2canvas', 'react-hook-form', 'formik',
  'react-icons', 'sonner', 'embla-carousel-react', 'react-day-picker', 'input-otp', 'next-themes', 'tailwind-merge', 'tailwindcss-animate',
  'class-variance-authority', 'zod', 'uuid', 'cors', 'jest', 'vue', 'pino', 'ws', 'yup', 'joi', 'ajv', 'clsx', 'rxjs', 'swr', 'qs', 'got', 'knex', 'pg',
];

export const POPULAR_PYPI: readonly string[] = [
  'requests', 'numpy', 'pandas', 'django', 'flask', 'fastapi', 'uvicorn', 'gunicorn', 'sqlalchemy', 'pydantic', 'boto3', 'botocore',
  'urllib3', 'setuptools', 'python-dateutil', 'pyyaml', 'jinja2', 'click', 'celery', 'redis', 'psycopg2', 'psycopg2-binary', 'pymysql',
  'pymongo', 'aiohttp', 'httpx', 'beautifulsoup4', 'lxml', 'pillow', 'scipy', 'scikit-learn', 'matplotlib', 'seaborn', 'tensorflow', 'torch',
  'keras', 'transformers', 'openai', 'anthropic', 'langchain', 'tiktoken', 'cryptography', 'pyjwt', 'bcrypt', 'passlib', 'python-dotenv',
  'pytest', 'black', 'flake8', 'mypy', 'isort', 'pylint', 'coverage', 'attrs', 'marshmallow', 'alembic', 'werkzeug', 'itsdangerous',
  'markupsafe', 'certifi', 'charset-normalizer', 'chardet', 'colorama', 'tqdm', 'rich', 'typer', 'loguru', 'structlog', 'sentry-sdk',
  'stripe', 'twilio', 'paramiko', 'fabric', 'ansible', 'docker', 'kubernetes', 'google-cloud-storage', 'azure-storage-blob', 'openpyxl',
  'reportlab', 'pypdf', 'pymupdf', 'nltk', 'spacy', 'gensim', 'opencv-python', 'selenium', 'playwright', 'scrapy', 'websockets', 'grpcio',
  'protobuf', 'tenacity', 'backoff', 'orjson', 'ujson', 'simplejson', 'arrow', 'pendulum', 'pytz', 'tzdata', 'jsonschema', 'starlette',
  'streamlit', 'gradio', 'plotly', 'bokeh', 'sympy', 'networkx', 'dask', 'pyspark', 'polars', 'pyarrow', 'huggingface-hub', 'datasets',
  'accelerate', 'sentence-transformers', 'faiss-cpu', 'chromadb', 'pinecone-client', 'weaviate-client', 'qdrant-client', 'llama-index',
  'langgraph', 'litellm', 'instructor', 'groq', 'cohere', 'mistralai', 'google-generativeai', 'tokenizers', 'safetensors', 'six', 'idna',
];

/** Real packages one edit from a popular name, seen in the wild. */
const KNOWN_NEIGHBOURS = new Set(['preact', 'dotenvx', 'react-dnd', 'redis-om', 'pinia', 'rollup', 'nuxi', 'sveltekit', 'httpx', 'jinja', 'typer', 'arrow', 'polars', 'pyarrow', 'colorette', 'mysql2', 'pymysql']);

/** Packages used without an import: compilers, type packages, CSS frameworks, runtime helpers. */
const IMPLICIT = /^(?:@types\/.*|typescript|tslib|react|react-dom|vite|next|nuxt|postcss|autoprefixer|tailwindcss|@tailwindcss\/.*|sass|less|prisma|@prisma\/client|supabase|eslint.*|@eslint\/.*|prettier.*|@babel\/.*|core-js|regenerator-runtime|husky|lint-staged|nodemon|ts-node|tsx|cross-env|concurrently|rimraf|dotenv-cli|pg|sharp|@swc\/.*|esbuild|webpack.*|jest.*|vitest|@vitest\/.*|@testing-library\/.*|playwright|@playwright\/.*|cypress|storybook|@storybook\/.*|wrangler|vercel|netlify-cli|turbo|nx|lerna|@vercel\/.*|react-scripts|expo|expo-.*|react-native-.*|@capacitor\/.*)$/;

/** One edit (insert, delete, substitute, or swap two neighbours) apart. */
export function oneEditApart(a: string, b: string): boolean {
  if (a === b) return false;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > 1) return false;
  let i = 0;
  while (i < la && i < lb && a[i] === b[i]) i++;
  if (la === lb) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/** The popular name a dependency is one edit away from, or null. */
export function lookalike(name: string, eco: 'npm' | 'pypi'): string | null {
  const list = eco === 'npm' ? POPULAR_NPM : POPULAR_PYPI;
  const n = eco === 'pypi' ? name.toLowerCase().replace(/[-_.]+/g, '-') : name;
  if (n.startsWith('@') || list.includes(n) || KNOWN_NEIGHBOURS.has(n)) return null;
  return list.find((p) => p.length >= 5 && oneEditApart(n, p)) ?? null;
}

// ---------------------------------------------------------------- collect

const JS_SOURCE = /\.(?:[cm]?[jt]sx?|vue|svelte|astro)$/;
const MENTION_FILE = /(?:^|\/)(?:[^/]+\.config\.[cm]?[jt]s|\.[\w-]*rc(?:\.json|\.js|\.cjs|\.ya?ml)?|[^/]+\.(?:css|scss|json)|components\.json)$/i;
const LOCK_NAMES: ReadonlySet<string> = new Set(['package-lock.json', 'npm-shrinkwrap.json', 'pnpm-lock.yaml']);
const UNREAD_LOCK_NAMES: ReadonlySet<string> = new Set(['yarn.lock', 'bun.lock', 'bun.lockb']);

/** The file name as written (FileEntry.base is lower-cased; lockfile names are matched exactly). */
const nameOf = (p: string): string => p.slice(p.lastIndexOf('/') + 1);

export function selectsSuspicious(f: FileEntry): boolean {
  // Asked of every path: the file name is compared before any regex runs.
  const name = nameOf(f.path);
  if (LOCK_NAMES.has(name) || isManifest(f)) return true;
  if (UNREAD_LOCK_NAMES.has(name)) return false;
  // Tests are not read: a production dependency only tests import is still "never imported" by the application.
  return (JS_SOURCE.test(f.path) || MENTION_FILE.test(f.path)) && pathRole(f.path) !== 'test';
}

/** `@scope/name/sub` → `@scope/name`; `npm:openai@4`, `https://esm.sh/openai@4/x` → `openai`; local or aliased → null. */
export function packageOf(spec: string): string | null {
  let s = spec;
  const cdn = /^https?:\/\/(?:esm\.sh|cdn\.skypack\.dev|unpkg\.com|cdn\.jsdelivr\.net\/npm)\/(.+)$/.exec(s);
  if (cdn) s = cdn[1] as string;
  else if (s.startsWith('npm:')) s = s.slice(4);
  else if (/^[a-z][a-z0-9+.-]*:/i.test(s) || s.startsWith('.') || s.startsWith('/') || s.startsWith('#') || s.startsWith('~') || s.startsWith('@/') || s.startsWith('$')) return null;
  const parts = s.split('/');
  const name = s.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? '');
  const clean = name.replace(/(?!^)@.*$/, '');
  return /^(?:@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*$/i.test(clean) ? clean : null;
}

export function collectSuspicious(file: FileEntry, text: string): Finding[] {
  const path = file.path;
  if (LOCK_NAMES.has(nameOf(path))) return installScripts(path, text);
  const out: Finding[] = [];
  if (isManifest(file)) {
    for (const d of parseManifest(file, text)) {
      if (d.ecosystem !== 'npm' && d.ecosystem !== 'pypi') continue;
      out.push({ kind: 'declared', path, line: d.line, excerpt: excerptAt(text, d.line), data: { eco: d.ecosystem, name: d.name, dev: d.dev } });
    }
    if (file.base === 'package.json') out.push(mentions(path, scriptsText(text)));
    return out;
  }
  if (JS_SOURCE.test(path)) {
    const names = new Set<string>();
    for (const imp of moduleFactsView(text).imports) {
      const p = packageOf(imp.spec);
      if (p) names.add(p);
    }
    if (names.size > 0) out.push({ kind: 'imports', path, data: { names: [...names].join(',') } });
  }
  if ((MENTION_FILE.test(path) || /\.config\.[cm]?[jt]s$/.test(path)) && pathRole(path) !== 'test') out.push(mentions(path, text));
  return out;
}

function scriptsText(text: string): string {
  try {
    const j = JSON.parse(text) as { scripts?: Record<string, unknown> };
    return Object.values(j.scripts ?? {}).filter((v): v is string => typeof v === 'string').join('\n');
  } catch {
    return '';
  }
}

/** Package-name-shaped words in a configuration file (`plugins: { tailwindcss: {} }`, `@plugin "@tailwindcss/typography"`). */
function mentions(path: string, text: string): Finding {
  const words = new Set<string>();
  for (const m of text.slice(0, 200_000).matchAll(/@?[a-z0-9][a-z0-9._-]{0,80}(?:\/[a-z0-9][a-z0-9._-]{0,80})?/gi)) {
    words.add(m[0]);
    if (words.size >= 5000) break;
  }
  return { kind: 'mentions', path, data: { words: [...words].join(',') } };
}

/** Packages whose install runs a script: `"hasInstallScript": true` (npm) or `requiresBuild: true` (pnpm). */
function installScripts(path: string, text: string): Finding[] {
  const names = new Set<string>();
  if (path.endsWith('.json')) {
    for (const m of text.matchAll(/"hasInstallScript"\s*:\s*true/g)) {
      const key = text.lastIndexOf('"node_modules/', m.index);
      if (key < 0) continue;
      const end = text.indexOf('"', key + 1);
      const full = text.slice(key + 1, end);
      names.add(full.slice(full.lastIndexOf('node_modules/') + 'node_modules/'.length));
    }
  } else {
    for (const m of text.matchAll(/requiresBuild:\s*true/g)) {
      const before = text.slice(Math.max(0, m.index - 2000), m.index);
      const keys = [...before.matchAll(/^ {2}['"]?\/?((?:@[^/@\s'"]+\/)?[^/@\s'":]+)@/gm)];
      const last = keys[keys.length - 1];
      if (last) names.add(last[1] as string);
    }
  }
  return names.size > 0 ? [{ kind: 'install-scripts', path, data: { names: [...names].sort().join(',') } }] : [];
}

// ---------------------------------------------------------------- evaluate

const EXAMPLE_DIR = /(?:^|\/)(?:examples?|samples?|templates?|fixtures?|test|tests|__tests__)\//i;

export function evaluateSuspicious(input: EvaluateInput): Signal {
  const id = 'deps.suspicious';
  const declared = input.findings.filter((f) => f.kind === 'declared' && !EXAMPLE_DIR.test(f.path) && !isFixturePath(f.path) && pathRole(f.path) !== 'test');
  if (declared.length === 0) return { id, status: 'not_applicable', confidence: 'high', summary: 'no npm or PyPI dependencies declared', evidence: [] };

  const used = new Set<string>();
  let importsSeen = 0;
  for (const f of input.findings) {
    if (f.kind === 'imports') {
      importsSeen++;
      for (const n of String(f.data?.['names'] ?? '').split(',')) if (n) used.add(n);
    } else if (f.kind === 'mentions') {
      for (const n of String(f.data?.['words'] ?? '').split(',')) if (n) used.add(n);
    }
  }
  const evidence: Evidence[] = [];
  const parts: string[] = [];

  // npm only: PyPI names differ from module names.
  // Declared for production, never imported by application code or named in configuration.
  const unused = importsSeen === 0 ? [] : declared.filter((f) => f.data?.['eco'] === 'npm' && f.data?.['dev'] !== true && !IMPLICIT.test(String(f.data?.['name'])) && !used.has(String(f.data?.['name'])));
  const unusedNames = [...new Set(unused.map((f) => String(f.data?.['name'])))];
  if (unusedNames.length > 0) {
    parts.push(`${plural(unusedNames.length, 'dependency', 'dependencies')} declared but never imported (${unusedNames.slice(0, 6).join(', ')}${unusedNames.length > 6 ? ', …' : ''})`);
    evidence.push(...unused.slice(0, 8).map((f) => evidenceOf(input, f, 'declared, never imported or referenced')));
  }

  const direct = new Set(declared.filter((f) => f.data?.['eco'] === 'npm').map((f) => String(f.data?.['name'])));
  const scripted = new Map<string, Finding>();
  let transitive = 0;
  for (const f of input.findings.filter((x) => x.kind === 'install-scripts' && !EXAMPLE_DIR.test(x.path))) {
    for (const n of String(f.data?.['names'] ?? '').split(',')) {
      if (!n) continue;
      if (direct.has(n)) scripted.set(n, f);
      else transitive++;
    }
  }
  if (scripted.size > 0 || transitive > 0) {
    parts.push(`${scripted.size > 0 ? `${plural(scripted.size, 'direct dependency', 'direct dependencies')} with install scripts (${[...scripted.keys()].slice(0, 6).join(', ')})` : 'no direct dependency with install scripts'}${transitive > 0 ? ` and ${transitive} transitive` : ''}`);
    for (const [n, f] of [...scripted].slice(0, 4)) evidence.push(evidenceOf(input, f, `${n} runs an install script`));
  }

  const looks = declared.flatMap((f) => {
    const near = lookalike(String(f.data?.['name']), f.data?.['eco'] === 'pypi' ? 'pypi' : 'npm');
    return near ? [{ f, near }] : [];
  });
  if (looks.length > 0) {
    parts.push(`${plural(looks.length, 'name')} one edit from a popular package (${looks.slice(0, 4).map((l) => `${String(l.f.data?.['name'])} ≈ ${l.near}`).join(', ')})`);
    evidence.unshift(...looks.slice(0, 6).map((l) => ({ ...evidenceOf(input, l.f, `one edit from "${l.near}": check it is the package you meant`), severity: 'high' as const })));
  }

  const details = { never_imported: unusedNames, install_scripts: [...scripted.keys()], install_scripts_transitive: transitive, lookalikes: looks.map((l) => ({ name: String(l.f.data?.['name']), like: l.near })) };
  if (parts.length === 0) {
    return { id, status: 'not_applicable', confidence: 'medium', summary: `nothing suspicious among ${plural(new Set(declared.map((f) => String(f.data?.['name']))).size, 'declared dependency', 'declared dependencies')}`, evidence: [], details };
  }
  return { id, status: 'pass', confidence: 'medium', summary: `to check: ${parts.join('; ')}`, evidence, details };
}
