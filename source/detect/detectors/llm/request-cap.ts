/**
 * An output-token cap the request chooses (`max_tokens=data.get('max_tokens', 150)`,
 * `maxTokens: body.maxTokens`) caps nothing: the caller sets its own budget. Read
 * from the call's text and the code above it in the same function, for the parser
 * and the line analysis alike. A server-side clamp (`min(…)`, `Math.min(…)`) is a cap.
 */

const CAP_VALUE = /\b(?:max_tokens|max_completion_tokens|max_output_tokens|maxTokens|maxOutputTokens|maxCompletionTokens|max_new_tokens|num_predict|maxNewTokens)["']?\s{0,4}[:=]\s{0,4}([^,\n)}]{1,120})/;
/** Request input read directly: Flask/FastAPI/Django, Express/Hono/Next, Deno and fetch handlers. */
const REQUEST_READ = /\brequest\.(?:json|get_json|args|form|values|data|query_params|body|query|params)\b|\b(?:req|c\.req|ctx\.request)\.(?:body|query|params|json)\b|\bawait\s+(?:req|request)\.json\(\)/;
/** A server-side bound: `min()`, a ternary, or a schema parse (zod's `.max()` lives in the schema). */
const CLAMP = /\bmin\s*\(|\bMath\.min\s*\(|\bclamp\w*\s*\(|\.(?:safeParse|parse|parseAsync|validate\w*)\s*\(|\?(?![.?])/i;
/** Conversions that keep the request's value: `int(…)`, `Number(…)`. */
const CONVERSION = /^(?:int|float|Number|parseInt|parseFloat|BigInt)\s*\(\s*/;
const NAME = /^[A-Za-z_$][\w$]{0,60}$/;

/** The right-hand side of the last `name = …` (or `name: Type = …`) in `before`, or null. */
function lastAssignment(name: string, before: string): string | null {
  const esc = name.replace(/\$/g, '\\$');
  let rhs: string | null = null;
  for (const m of before.matchAll(new RegExp(`(?:^|[^\\w.$])${esc}\\s{0,4}(?::[^=\\n]{0,60})?=(?!=)\\s{0,4}([^\\n]{1,200})`, 'g'))) rhs = m[1] as string;
  return rhs;
}

/** `name = <request read>` or a destructuring of one, the last in `before`. */
function boundToRequest(name: string, before: string): boolean {
  const esc = name.replace(/\$/g, '\\$');
  const rhs = lastAssignment(name, before);
  if (rhs !== null) {
    const v = rhs.replace(CONVERSION, '');
    return !CLAMP.test(v) && (REQUEST_READ.test(v) || readsRequestVar(v, before));
  }
  // `const { messages, max_tokens } = await req.json()`
  const d = new RegExp(`\\{[^}]{0,400}\\b${esc}\\b[^}]{0,400}\\}\\s{0,4}=\\s{0,4}([^\\n]{1,200})`).exec(before);
  return d !== null && !CLAMP.test(d[1] as string) && REQUEST_READ.test(d[1] as string);
}

/** `data.get('max_tokens')`, `body['max_tokens']`, `body.maxTokens` where `data`/`body` holds the request's input. */
function readsRequestVar(expr: string, before: string): boolean {
  const v = /^\s*(?:await\s+)?([A-Za-z_$][\w$]{0,60})\s*(?:\.get\(|\[|\.)/.exec(expr)?.[1];
  if (!v || v === 'request' || v === 'req') return false;
  const rhs = lastAssignment(v, before);
  return rhs !== null && REQUEST_READ.test(rhs);
}

/** Whether the call's cap is the request's own choice. `before`: the function's code above the call (its last 4,000 characters are read). */
export function capFromRequest(callText: string, beforeText: string): boolean {
  const value = CAP_VALUE.exec(callText.slice(0, 4000))?.[1];
  return value !== undefined && capValueFromRequest(value, beforeText);
}

/** Whether a cap's value expression (`data.get('max_tokens', 150)`, `maxTokens`) is the request's own choice. */
export function capValueFromRequest(valueText: string, beforeText: string): boolean {
  const before = beforeText.slice(-4000);
  const value = valueText.trim().slice(0, 200).replace(CONVERSION, '');
  if (!value || CLAMP.test(value)) return false;
  if (REQUEST_READ.test(value) || readsRequestVar(value, before)) return true;
  return NAME.test(value) && boundToRequest(value, before);
}
