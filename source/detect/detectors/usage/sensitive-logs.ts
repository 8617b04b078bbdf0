import type { Finding } from '../../types.js';
import { excerptOf, type SourceView } from './detector.js';
import type { Lang } from './files.js';

/**
 * Values passed to a logger that should never be written to logs: passwords,
 * tokens, keys, cookies and authorization headers, whole request bodies and
 * header sets. Read per call: the call's arguments with string contents blanked
 * (a message that *mentions* a password is fine) but template and f-string
 * interpolations kept (`${token}` logs the token).
 */

const LOGGER_CALL: Partial<Record<Lang, RegExp>> = {
  js: /\b(?:console\.(?:log|info|warn|error|debug|trace)|(?:logger|log|this\.logger|this\.log|req\.log|fastify\.log|app\.log|ctx\.log)\.(?:info|warn|error|debug|trace|fatal|log|verbose|silly|child))\s*\(/,
  py: /\b(?:logger|log|logging|_logger|LOGGER|_log|self\.logger|self\.log|app\.logger|current_app\.logger)\.(?:debug|info|warning|warn|error|exception|critical|log)\s*\(/,
  go: /\b(?:log|logger|l|slog|logrus|sugar|zap\.L\(\)|zap\.S\(\))\.(?:Print|Printf|Println|Info|Infof|Infow|Warn|Warnf|Warnw|Error|Errorf|Errorw|Debug|Debugf|Debugw|Fatal|Fatalf)\s*\(/,
  java: /\b(?:log|logger|LOG|LOGGER)\.(?:info|warn|error|debug|trace)\s*\(/,
  kotlin: /\b(?:log|logger|LOG|LOGGER)\.(?:info|warn|error|debug|trace)\s*[({]/,
};

const SECRET_NAMES = 'password|passwd|secret|clientSecret|client_secret|apiKey|api_key|apikey|accessToken|access_token|refreshToken|refresh_token|idToken|id_token|authToken|auth_token|bearerToken|sessionToken|session_token|jwt|token|privateKey|private_key|secretKey|secret_key|authorization|Authorization|cookie|cookies|cardNumber|card_number|creditCard|cvv|ssn|otp';
/**
 * A secret-named value, not a key (`password:`), not a test of it (`!token`,
 * `token ?`, `typeof token`), and not a measurement of it (`token.length`).
 */
const SECRET = new RegExp(String.raw`(?<![\w$])(?:${SECRET_NAMES})(?![\w$])(?!\s*(?::(?!:)|=(?!=)|\?(?![.?])|\(|\??\.\s*[\w$]))`, 'g');

/**
 * The member chain a name ends (`tokens.access_token` for `access_token`) is
 * tested, not logged, when `!`, `typeof` or `Boolean(` comes before it.
 */
function negated(args: string, at: number): boolean {
  let i = at;
  while (i > 0 && /[\w$.?\][]/.test(args[i - 1] as string)) i--;
  const before = args.slice(Math.max(0, i - 12), i);
  return /!\s*$|\btypeof\s+$|\bBoolean\s*\(\s*$|\bnot\s+$|\bbool\s*\(\s*$/.test(before);
}

function secretIn(args: string): RegExpExecArray | null {
  SECRET.lastIndex = 0;
  for (let m = SECRET.exec(args); m; m = SECRET.exec(args)) if (!negated(args, m.index)) return m;
  return null;
}
const WHOLE = /(?<![\w$])(?:req|request|ctx\.request|event)\.(?:body|headers)(?![\w$])(?!\s*(?:\.|\?\.|\[))|\brequest\.(?:get_json\s*\(\s*\)|json|data|form)(?![\w$])(?!\s*(?:\.|\[))/;

/** Variables holding a whole parsed request body: `const body = await req.json()`, `data = request.get_json()`. */
const BODY_VAR = /(?:\b(?:const|let|var)\s+|^\s*)([A-Za-z_$][\w$]{0,40})\s*(?::\s*[\w<>[\]|, ]{1,60})?=\s*(?:await\s+)?(?:req|request)\.(?:json|get_json|body)\b/gm;

const MAX_CALL = 600;

/** The call's argument text with string contents blanked and interpolations kept. */
export function argumentCode(src: string): string {
  let out = '';
  let i = 0;
  while (i < src.length) {
    const c = src[i] as string;
    const fString = (c === '"' || c === "'") && /[fF]$/.test(src.slice(Math.max(0, i - 1), i)) && !/\w/.test(src[i - 2] ?? '');
    if (c === '`' || c === '"' || c === "'") {
      const quote = c;
      out += ' ';
      i++;
      while (i < src.length && src[i] !== quote) {
        if (src[i] === '\\') { out += '  '; i += 2; continue; }
        const interp = (quote === '`' && src[i] === '$' && src[i + 1] === '{') || (fString && src[i] === '{' && src[i + 1] !== '{');
        if (interp) {
          const start = i + (quote === '`' ? 2 : 1);
          const end = src.indexOf('}', start);
          const stop = end < 0 ? src.length : end;
          out += ` ${src.slice(start, stop)} `;
          i = stop + 1;
          continue;
        }
        out += ' ';
        i++;
      }
      out += ' ';
      i++;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

/** The text from the call's opening parenthesis to its close (or a cap), across lines. */
function callText(lines: readonly string[], i: number, at: number): string {
  let depth = 0;
  let text = '';
  for (let j = i; j < lines.length && j < i + 8 && text.length < MAX_CALL; j++) {
    const l = j === i ? (lines[j] as string).slice(at) : (lines[j] as string);
    for (const ch of l) {
      text += ch;
      if (ch === '(') depth++;
      else if (ch === ')' && --depth === 0) return text;
      if (text.length >= MAX_CALL) return text;
    }
    text += '\n';
  }
  return text;
}

export function collectSensitiveLogs(view: SourceView): Finding[] {
  const call = LOGGER_CALL[view.lang];
  if (!call) return [];
  const { maskedLines, lines, file, masked } = view;
  // Request-body variables are looked for only once a logger call is found (most files have none).
  let bodyRe: RegExp | null | undefined;
  const bodyVarRe = (): RegExp | null => {
    if (bodyRe !== undefined) return bodyRe;
    const bodyVars = new Set<string>();
    if (view.lang === 'js' || view.lang === 'py') for (const m of masked.matchAll(BODY_VAR)) bodyVars.add(m[1] as string);
    bodyRe = bodyVars.size > 0 ? new RegExp(String.raw`(?<![\w$.])(?:${[...bodyVars].join('|')})(?![\w$])(?!\s*(?:\.|\?\.|\[|:))`) : null;
    return bodyRe;
  };
  const out: Finding[] = [];
  for (let i = 0; i < maskedLines.length && out.length < 10; i++) {
    const ml = maskedLines[i] as string;
    if (ml.length > 4000) continue;
    const m = call.exec(ml);
    if (!m) continue;
    // Comments are masked; strings are read from the original text so interpolations survive.
    const args = argumentCode(callText(lines, i, m.index + m[0].length - 1));
    const secret = secretIn(args);
    const whole = WHOLE.exec(args) ?? bodyVarRe()?.exec(args) ?? null;
    const hit = secret ?? whole;
    if (!hit) continue;
    const what = secret ? secret[0] : /headers/.test(hit[0]) ? 'request headers' : 'request body';
    out.push({ kind: 'sensitive-log', path: file.path, line: i + 1, excerpt: excerptOf(lines[i], file), data: { group: 'sensitive', what } });
  }
  return out;
}
