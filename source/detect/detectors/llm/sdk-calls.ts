/**
 * Model calls made through an SDK or framework, and the code shapes that say how
 * their output is validated. Shared by the parser path (tested against the callee
 * text of each call) and the line path (tested against each line).
 */

export type SrcLang = 'js' | 'py' | 'go' | 'java' | 'kotlin';

export interface CallPattern {
  label: string;
  langs: readonly SrcLang[];
  regex: RegExp;
  /** The file must match this too (generic method names need a library in sight). */
  fileHint?: RegExp;
  /** The call itself enforces a schema (generateObject, .parse, withStructuredOutput). */
  structured?: boolean;
  /** An agent run: the model may call tools in a loop. */
  agent?: boolean;
  /** Provider or framework, for the inventory. */
  via: string;
}

const JVM: SrcLang[] = ['java', 'kotlin'];
export const SDK_CALLS: readonly CallPattern[] = [
  { label: 'chat.completions.parse', via: 'OpenAI', langs: ['js', 'py'], regex: /\.chat\.completions\.parse\(|\.responses\.parse\(/, structured: true },
  { label: 'chat.completions.create', via: 'OpenAI', langs: ['js', 'py'], regex: /\.chat\.completions\.(create|stream)\(|\.completions\.create\(/ },
  { label: 'responses.create', via: 'OpenAI', langs: ['js', 'py'], regex: /\.responses\.(create|stream)\(/ },
  { label: 'messages.create', via: 'Anthropic', langs: ['js', 'py'], regex: /\.messages\.(create|stream)\(/, fileHint: /anthropic|claude/i },
  { label: 'generateObject', via: 'Vercel AI SDK', langs: ['js'], regex: /\b(generateObject|streamObject)\(/, fileHint: /["']ai["']|@ai-sdk|esm\.sh\/ai@|npm:ai@/, structured: true },
  { label: 'generateText', via: 'Vercel AI SDK', langs: ['js'], regex: /\b(generateText|streamText)\(/, fileHint: /["']ai["']|@ai-sdk|esm\.sh\/ai@|npm:ai@/ },
  { label: 'generateContent', via: 'Google Gemini', langs: ['js', 'py', 'go'], regex: /\.(generateContent|generateContentStream|generate_content|GenerateContent)\(/, fileHint: /genai|generative|vertexai|gemini|langchaingo/i },
  // Every LangChain runnable has invoke(): prompts, retrievers, parsers and tools are not model calls.
  { label: 'LangChain invoke', via: 'LangChain', langs: ['js', 'py'], regex: /(?:\b(?!\w*(?:tool|retriev|prompt|parser|splitter|loader|embedding|vectorstore)\w*\.)\w+|\))\.(invoke|ainvoke|stream|astream)\(/i, fileHint: /langchain|langgraph/i },
  { label: 'LiteLLM completion', via: 'LiteLLM', langs: ['py'], regex: /\b(litellm\.)?a?completion\(/, fileHint: /litellm/ },
  { label: 'Ollama chat', via: 'Ollama', langs: ['js', 'py'], regex: /\bollama\.(chat|generate)\(/ },
  { label: 'Bedrock converse', via: 'Amazon Bedrock', langs: ['js', 'py', 'go', 'java'], regex: /\.(converse|converse_stream|invoke_model|Converse|InvokeModel)\(|new (ConverseCommand|InvokeModelCommand)\(/, fileHint: /bedrock/i },
  { label: 'pydantic-ai run', via: 'pydantic-ai', langs: ['py'], regex: /\bagent\.(run|run_sync|run_stream)\(/, fileHint: /pydantic_ai/, agent: true },
  { label: 'OpenAI Agents Runner.run', via: 'OpenAI Agents SDK', langs: ['py'], regex: /\bRunner\.(run|run_sync|run_streamed)\(/, fileHint: /\bfrom agents\b|\bimport agents\b/, agent: true },
  { label: 'OpenAI Agents run', via: 'OpenAI Agents SDK', langs: ['js'], regex: /(?:^|[^\w.])run\(\s*\w+|\.run\(\s*\w+/, fileHint: /@openai\/agents/, agent: true },
  { label: 'Claude Agent SDK query', via: 'Claude Agent SDK', langs: ['js', 'py'], regex: /(?:^|[^\w.])query\(\s*\{|(?:^|[^\w.])query\(\s*prompt\s*=/, fileHint: /claude[-_]agent[-_]sdk|claude-code/, agent: true },
  { label: 'Mastra agent', via: 'Mastra', langs: ['js'], regex: /\.(generate|stream)\(/, fileHint: /@mastra\/core/, agent: true },
  { label: 'CrewAI kickoff', via: 'CrewAI', langs: ['py'], regex: /\.kickoff(_async)?\(/, fileHint: /\bcrewai\b/, agent: true },
  { label: 'CreateChatCompletion', via: 'OpenAI (Go)', langs: ['go'], regex: /\.CreateChatCompletion(Stream)?\(|\.Chat\.Completions\.New(Streaming)?\(|\.Messages\.New(Streaming)?\(|\.Responses\.New\(/ },
  { label: 'langchaingo generate', via: 'langchaingo', langs: ['go'], regex: /\bllms\.GenerateFromSinglePrompt\(|\bllm\.Call\(/, fileHint: /langchaingo/ },
  { label: 'Eino chat model', via: 'Eino', langs: ['go'], regex: /\.(Generate|Stream)\(\s*ctx\b/, fileHint: /cloudwego\/eino/ },
  { label: 'openai-java create', via: 'OpenAI (Java)', langs: JVM, regex: /\.chat\(\)\s*\.completions\(\)\s*\.create\(|\.messages\(\)\s*\.create\(|\.responses\(\)\s*\.create\(|\.getChatCompletions\(/ },
  { label: 'Spring AI ChatClient', via: 'Spring AI', langs: JVM, regex: /\.prompt\([^)]*\)|\bchatModel\.(call|stream)\(/, fileHint: /org\.springframework\.ai/ },
  { label: 'LangChain4j chat', via: 'LangChain4j', langs: JVM, regex: /\b\w*[mM]odel\.(chat|generate)\(/, fileHint: /dev\.langchain4j/ },
];

/** The schema sits inside the call (structured output / typed tool input). */
export const IN_CALL: Record<SrcLang, RegExp> = {
  js: /zodResponseFormat\(|zodTextFormat\(|json_schema|\bresponseSchema\b|Output\.(object|array|choice)\(|experimental_output|withStructuredOutput\(|structuredOutputs\s*:\s*true|\boutputType\s*:/,
  py: /\b(response_format|text_format)\s*=\s*[A-Z]\w*\b|json_schema|\bresponse_model\s*=|with_structured_output\(|\boutput_type\s*=|\bresult_type\s*=|response_schema|outlines\.|\bformat\s*=\s*\w+\.model_json_schema\(\)/,
  go: /JSONSchema|GenerateSchemaForType|ResponseSchema|ResponseFormatJSONSchema/,
  java: /\.entity\(|responseFormat\(\s*\w+\.class\)|JSON_SCHEMA|JsonSchema/,
  kotlin: /\.entity\(|responseFormat\(\s*\w+::class|JSON_SCHEMA|JsonSchema/,
};

/** JSON mode without a schema: well-formed JSON, any shape. */
export const JSON_MODE = /json_object|["']?response_?[mM]ime_?[tT]ype["']?\s*[:=]\s*["']application\/json|\bformat\s*[:=]\s*["']json["']|ResponseFormatTypeJSONObject|JSON_OBJECT/;

/** A schema parse of the result after the call (zod/pydantic/validator). */
export const AFTER: Record<SrcLang, RegExp> = {
  js: /\b(?!JSON\b)[A-Z]\w*\.(safeParse|parse|parseAsync|safeParseAsync)\(|\w*[sS]chema\.(safeParse|parse|parseAsync|validate|validateSync|validateAsync|cast)\(|\bv\.(parse|safeParse)\(|\bajv\.validate\(|\btypia\.(assert|validate)\w*\(|\bValue\.(Check|Parse)\(/,
  py: /\.model_validate(_json)?\(|\.parse_raw\(|\.parse_obj\(|\bparse_obj_as\(|TypeAdapter\(|\.validate_(python|json)\(|jsonschema\.validate\(|\bvalidate\(\s*instance\s*=|Schema\(\)\.loads?\(/,
  go: /validate\.Struct\(|\.Validate\(\s*\)|DisallowUnknownFields\(\)|gojsonschema\.|jsonschema\.Validate|schema\.Validate\(/,
  java: /\bvalidator\.validate\(|\.validate\(\s*\w+\s*\)|JsonSchema.*validate/i,
  kotlin: /\bvalidator\.validate\(|\.validate\(\s*\w+\s*\)|JsonSchema.*validate/i,
};

/** Anthropic/OpenAI tool use: an input schema plus a parse of the tool input counts as a schema in the call. */
export const TOOL_SCHEMA = /input_schema|inputSchema|InputSchema/;

/** Values passed through these are no longer raw model output. */
export const SANITISER = /DOMPurify\.sanitize\(|sanitizeHtml\(|sanitize_html\(|bleach\.clean\(|\bescape\(|html\.escape\(|shlex\.quote\(|html\.EscapeString\(|Jsoup\.clean\(|HtmlUtils\.htmlEscape\(/;

/** Output-token caps, in every SDK's spelling. */
export const MAX_TOKEN_KEYS: ReadonlySet<string> = new Set([
  'max_tokens', 'max_completion_tokens', 'max_output_tokens', 'maxTokens', 'maxOutputTokens', 'maxCompletionTokens', 'max_new_tokens', 'num_predict', 'max_tokens_to_sample', 'maxTokensToSample', 'MaxTokens', 'MaxCompletionTokens', 'MaxOutputTokens', 'maxNewTokens',
]);
export const MAX_TOKENS_RE = /\b(max_tokens|max_completion_tokens|max_output_tokens|maxTokens|maxOutputTokens|maxCompletionTokens|max_new_tokens|num_predict|max_tokens_to_sample|MaxTokens|MaxCompletionTokens|MaxOutputTokens|maxNewTokens|WithMaxTokens)\b/;
export const TIMEOUT_RE = /\b(timeout|request_timeout|Timeout|signal|abortSignal|WithTimeout|connectTimeout|readTimeout|responseTimeout)\b/;
