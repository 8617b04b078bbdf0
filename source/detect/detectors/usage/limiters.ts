import type { Finding } from '../../types.js';
import { excerptOf, type SourceView } from './detector.js';

/**
 * A rate limiter from a library is a control only once it is applied: registered
 * as middleware, passed to a route, or called in a handler. This reads, per file,
 * the limiters a library creates and whether the file applies them; a limiter
 * only exported is judged in evaluate (is it imported by code that runs?).
 *
 * JS/TS: `const apiLimiter = rateLimit({...})` and then `app.use(apiLimiter)`,
 * `router.post('/login', loginLimiter, …)`, `await limiter.consume(ip)` or
 * `ratelimit.limit(id)`; a limiter created inline in `app.use(rateLimit(…))` or
 * `fastify.register(rateLimit, …)` is applied where it is created. NestJS's
 * ThrottlerModule does nothing without ThrottlerGuard. Python: a Flask-Limiter or
 * slowapi `Limiter` applies only with `default_limits` or `@limiter.limit(…)`.
 */

interface LimiterLib {
  lib: string;
  /** Module specifiers that provide it. */
  modules: RegExp;
  /** How the library creates a limiter, given the local name it was imported as. */
  creates: (local: string) => RegExp;
}

const esc = (s: string) => s.replace(/[$]/g, '\\$');

const JS_LIBS: LimiterLib[] = [
  { lib: 'express-rate-limit', modules: /^(?:express-rate-limit|express-slow-down)$/, creates: (l) => new RegExp(`\\b${esc(l)}\\s*\\(`) },
  { lib: 'rate-limiter-flexible', modules: /^rate-limiter-flexible$/, creates: (l) => new RegExp(`\\bnew\\s+${esc(l)}\\s*\\(`) },
  { lib: '@upstash/ratelimit', modules: /^@upstash\/ratelimit$/, creates: (l) => new RegExp(`\\bnew\\s+${esc(l)}\\s*\\(`) },
  { lib: 'hono-rate-limiter', modules: /^hono-rate-limiter$/, creates: (l) => new RegExp(`\\b${esc(l)}\\s*\\(`) },
  { lib: 'koa-ratelimit', modules: /^koa2?-ratelimit$/, creates: (l) => new RegExp(`\\b${esc(l)}\\s*\\(`) },
];

const JS_IMPORT = /\bimport\s+(?:type\s+)?(?:([\w$]+)\s*,?\s*)?(?:\{([^{}]{0,600})\}\s*)?from\s*["']([^"'\n]{1,200})["']|\b(?:const|let|var)\s+(?:([\w$]+)|\{([^{}]{0,600})\})\s*=\s*require\s*\(\s*["']([^"'\n]{1,200})["']\s*\)/g;

function localNames(defaultName: string | undefined, braces: string | undefined): string[] {
  const out: string[] = [];
  if (defaultName) out.push(defaultName);
  for (const part of (braces ?? '').split(',')) {
    const words = part.trim().split(/\s+as\s+|\s*:\s*/).map((w) => w.trim()).filter((w) => w && w !== 'type');
    const local = words[words.length - 1];
    if (local && /^[\w$]+$/.test(local)) out.push(local);
  }
  return out;
}

/** Route registration and middleware shapes that apply a limiter passed by name. */
const APPLY_CALL = /\.(?:use|get|post|put|patch|delete|all|route|register|addHook|middleware)\s*\(/;

export function collectLimiters(view: SourceView): Finding[] {
  if (view.lang === 'js') return jsLimiters(view);
  if (view.lang === 'py') return pyLimiters(view);
  return [];
}

function jsLimiters(view: SourceView): Finding[] {
  const { masked, maskedLines, lines, file } = view;
  const out: Finding[] = [];
  const imported: { lib: string; local: string }[] = [];
  for (const m of masked.matchAll(JS_IMPORT)) {
    const spec = m[3] ?? m[6] ?? '';
    const lib = JS_LIBS.find((l) => l.modules.test(spec));
    if (!lib) continue;
    for (const local of localNames(m[1] ?? m[4], m[2] ?? m[5])) imported.push({ lib: lib.lib, local });
  }
  for (const { lib, local } of imported) {
    const creates = (JS_LIBS.find((l) => l.lib === lib) as LimiterLib).creates(local);
    for (let i = 0; i < maskedLines.length; i++) {
      const l = maskedLines[i] as string;
      const c = creates.exec(l);
      if (!c) continue;
      // Inline in a registration: applied where it is created.
      const before = l.slice(0, c.index);
      const fastifyRegister = new RegExp(`\\.register\\s*\\(\\s*${esc(local)}\\b`).test(l);
      const inline = APPLY_CALL.test(before) || fastifyRegister;
      const assigned = /(?:\b(?:const|let|var)\s+|\bthis\.|^\s*)([\w$]+)[^=\n]{0,120}=\s*(?:await\s+)?$/.exec(before);
      const name = assigned?.[1];
      let applied = inline;
      let exported = false;
      if (!applied && name) {
        const use = new RegExp(`(?<![\\w$])${esc(name)}(?![\\w$])`, 'g');
        for (let j = 0; j < maskedLines.length && !applied; j++) {
          const line = maskedLines[j] as string;
          if (j === i) continue;
          if (!line.includes(name)) continue;
          const hits = [...line.matchAll(use)].length;
          if (hits === 0) continue;
          if (/^\s*export\s+(?:default\s+)?[\w$]+\s*;?\s*$|^\s*export\s*\{[^}]*\}\s*;?\s*$|module\.exports/.test(line)) { exported = true; continue; }
          applied = true;
        }
        if (/^\s*export\b/.test(l)) exported = true;
      }
      out.push({ kind: 'limiter', path: file.path, line: i + 1, excerpt: excerptOf(lines[i], file), data: { group: 'rate', lib, name: name ?? null, applied, exported } });
    }
  }
  // NestJS: the module configures limits; only the guard applies them.
  if (/\bThrottlerModule\.forRoot(?:Async)?\s*\(/.test(masked)) {
    const i = maskedLines.findIndex((l) => /\bThrottlerModule\.forRoot/.test(l));
    out.push({ kind: 'limiter', path: file.path, line: i + 1, excerpt: excerptOf(lines[i], file), data: { group: 'rate', lib: '@nestjs/throttler', name: 'ThrottlerGuard', applied: /\bThrottlerGuard\b/.test(masked), exported: true } });
  }
  return out;
}

function pyLimiters(view: SourceView): Finding[] {
  const { maskedLines, lines, file, masked } = view;
  if (!/\bfrom\s+(?:slowapi|flask_limiter)\b|\bimport\s+(?:slowapi|flask_limiter)\b/.test(masked)) return [];
  const out: Finding[] = [];
  for (let i = 0; i < maskedLines.length; i++) {
    const m = /^\s*([A-Za-z_]\w*)\s*=\s*Limiter\s*\(/.exec(maskedLines[i] as string);
    if (!m) continue;
    const name = m[1] as string;
    const call = maskedLines.slice(i, i + 12).join('\n');
    const defaults = /\b(?:default_limits|application_limits)\s*=\s*\[\s*["']/.test(call);
    const decorated = new RegExp(`@${name}\\.(?:limit|shared_limit)\\s*\\(`).test(masked);
    out.push({ kind: 'limiter', path: file.path, line: i + 1, excerpt: excerptOf(lines[i], file), data: { group: 'rate', lib: /slowapi/.test(masked) ? 'slowapi' : 'Flask-Limiter', name, applied: defaults || decorated, exported: true } });
  }
  // A decorator in another module applies a limiter defined elsewhere.
  const deco = maskedLines.findIndex((l) => /^\s*@\w+\.(?:limit|shared_limit)\s*\(\s*["']/.test(l));
  if (deco >= 0) out.push({ kind: 'limiter-use', path: file.path, line: deco + 1, excerpt: excerptOf(lines[deco], file), data: { group: 'rate', name: /@(\w+)\./.exec(maskedLines[deco] as string)?.[1] ?? '' } });
  return out;
}
