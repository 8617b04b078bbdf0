/**
 * Is a model id pinned? Providers publish two kinds of name: a snapshot that never
 * changes (`gpt-4o-2024-08-06`, `claude-3-5-sonnet-20241022`, `gemini-1.5-pro-002`)
 * and an alias they move to newer snapshots without notice (`gpt-4o`,
 * `claude-sonnet-4-5`, `gemini-flash-latest`). Preview and experimental ids are
 * retired on short notice, so they count as floating too.
 *
 * Only families whose naming rules are documented are judged; any other id is
 * "unrecognised" (neither pinned nor floating), never guessed.
 */

export interface ModelIdVerdict {
  /** The id as written, without a gateway prefix (`google/…`) or an OpenRouter `:free` tag. */
  id: string;
  family: string;
  pinned: boolean;
  why: string;
}

const DATE8 = /(?:^|-)20\d{6}(?:$|-v\d)/;
const DATE_DASHED = /-20\d\d-\d\d-\d\d(?:$|-)/;

export function judgeModelId(raw: string): ModelIdVerdict | null {
  if (raw.length > 120) return null;
  let id = raw.trim().toLowerCase();
  const slash = id.lastIndexOf('/');
  if (slash >= 0) id = id.slice(slash + 1);
  id = id.replace(/:(free|beta|extended|nitro|floor|online|thinking)$/, '');
  if (!/^[a-z0-9][a-z0-9.\-:_]*$/.test(id)) return null;
  const floating = (family: string, why: string): ModelIdVerdict => ({ id, family, pinned: false, why });
  const pinned = (family: string, why: string): ModelIdVerdict => ({ id, family, pinned: true, why });

  if (id.endsWith('-latest') || id.includes('-latest-')) return floating(familyOf(id), 'a "-latest" alias moves to each new release');
  if (/(?:^|-)(preview|exp|experimental)(?:$|-)/.test(id)) return floating(familyOf(id), 'preview and experimental models are changed or retired on short notice, dated or not');

  // Amazon Bedrock ids carry a version suffix: anthropic.claude-3-5-sonnet-20241022-v2:0.
  if (/^(anthropic|meta|amazon|cohere|mistral|ai21)\.[a-z0-9.-]+-v\d+(:\d+)?$/.test(id)) return pinned('Bedrock', 'Bedrock model ids are versioned');

  if (/^(gpt-|chatgpt-|o1|o3|o4|davinci|babbage|text-davinci)/.test(id)) {
    if (id.startsWith('text-embedding') || id.startsWith('gpt-image') || id.startsWith('gpt-4o-transcribe')) return null;
    if (id.startsWith('chatgpt-')) return floating('OpenAI', 'chatgpt-* ids track the ChatGPT model and change without notice');
    if (DATE_DASHED.test(id) || /-(0301|0314|0613|1106|0125|0409|0914)(?:$|-)/.test(id)) return pinned('OpenAI', 'a dated snapshot');
    return floating('OpenAI', 'an alias OpenAI points at newer snapshots; pin a dated one such as gpt-4o-2024-08-06');
  }
  if (id.startsWith('claude')) {
    if (DATE8.test(id)) return pinned('Anthropic', 'a dated snapshot');
    return floating('Anthropic', 'an alias Anthropic moves to newer snapshots; pin a dated id such as claude-sonnet-4-5-20250929');
  }
  if (id.startsWith('gemini')) {
    if (/-\d{3}$/.test(id)) return pinned('Google Gemini', 'a numbered stable version');
    const v = /^gemini-(\d+(?:\.\d+)?)/.exec(id);
    const version = v ? Number(v[1]) : 0;
    // From Gemini 2.5 on, the bare name is the stable model itself; before, it was an alias of the -00N versions.
    if (version >= 2.5) return pinned('Google Gemini', 'a stable Gemini model name (Gemini 2.5 and later name stable versions without a suffix)');
    return floating('Google Gemini', 'an alias of the latest numbered version (e.g. gemini-1.5-pro → gemini-1.5-pro-002)');
  }
  if (/^(mistral|codestral|pixtral|ministral|magistral|devstral|open-mistral)/.test(id)) {
    if (/-\d{4}$/.test(id)) return pinned('Mistral', 'a dated version (YYMM)');
    return floating('Mistral', 'an alias Mistral moves to newer versions; pin a dated one such as mistral-large-2411');
  }
  if (/^(grok-)/.test(id)) {
    if (/-\d{4}$/.test(id)) return pinned('xAI', 'a dated version');
    return floating('xAI', 'an alias xAI moves to newer versions');
  }
  if (/^deepseek-(chat|reasoner)$/.test(id)) return floating('DeepSeek', 'deepseek-chat and deepseek-reasoner point at the current release');
  if (/^command(-r|-a|-light)?(-plus)?$/.test(id)) return floating('Cohere', 'an alias Cohere moves to newer versions');
  if (/^command-[a-z-]*\d{2}-\d{4}$/.test(id)) return pinned('Cohere', 'a dated version');
  return null;
}

function familyOf(id: string): string {
  if (id.startsWith('gpt') || /^o\d/.test(id)) return 'OpenAI';
  if (id.startsWith('claude')) return 'Anthropic';
  if (id.startsWith('gemini')) return 'Google Gemini';
  if (id.startsWith('mistral')) return 'Mistral';
  return 'model';
}

/** Looks like a model id at all (cheap gate before judging a string literal). */
export const MODEL_ID_SHAPE = /^(?:[a-z0-9-]+\/)?(?:gpt-|chatgpt-|o[134](?:-|$)|claude|gemini|mistral|codestral|ministral|magistral|devstral|grok-|deepseek-|command|llama|qwen|anthropic\.|meta\.)/i;
