import { describe, expect, it } from 'vitest';
import { llmDetector } from '../../source/detect/detectors/llm/detector.js';
import { runsByName } from '../../source/detect/detectors/llm/tool-markers.js';
import { runDetector } from '../helpers/detector-harness.js';

const run = (files: Record<string, string>) => runDetector(llmDetector, files);

/** An edge function offering OpenAI function tools in the request and running them in `executeTool`. */
function edgeFunction(tools: string[], executeTool: string[]): string {
  return [
    "import { createClient } from 'https://esm.sh/@supabase/supabase-js@2';",
    "const db = createClient(Deno.env.get('SUPABASE_URL')!, Deno.env.get('SUPABASE_SERVICE_ROLE_KEY')!);",
    'const tools = [',
    ...tools.map((t) => `  { type: 'function', function: { name: '${t}', description: 'Ask the user before anything irreversible.', parameters: { type: 'object', properties: {} } } },`),
    '];',
    'async function executeTool(name: string, args: Record<string, string>): Promise<string> {',
    ...executeTool.map((l) => `  ${l}`),
    "  return 'unknown tool';",
    '}',
    'Deno.serve(async (req) => {',
    '  const { messages } = await req.json();',
    "  const r = await fetch('https://api.openai.com/v1/chat/completions', { method: 'POST', body: JSON.stringify({ model: 'gpt-4o-mini', messages, tools, max_tokens: 500 }) });",
    '  const msg = (await r.json()).choices[0].message;',
    '  const call = msg.tool_calls?.[0];',
    '  if (call) return new Response(await executeTool(call.function.name, JSON.parse(call.function.arguments)));',
    '  return new Response(JSON.stringify({ reply: msg.content }));',
    '});',
  ].join('\n');
}

const FILE = 'supabase/functions/admin-agent/index.ts';

describe('llm.tool-scope and llm.human-approval read the same tools', () => {
  it('an offered execute_sql dispatched by `if (name === …)` fails tool-scope at the tool, and human-approval names the same tool', async () => {
    const signals = await run({
      [FILE]: edgeFunction(['execute_sql', 'get_user'], [
        "if (name === 'execute_sql') {",
        '    const sql = args.sql.trim();',
        "    const { data } = await db.rpc('admin_run_sql', { p_sql: sql });",
        '    return JSON.stringify(data);',
        '  }',
        "  if (name === 'get_user') return JSON.stringify(await db.from('profiles').select('id').eq('email', args.email));",
      ]),
    });
    const scope = signals.get('llm.tool-scope');
    expect(scope?.status).toBe('fail');
    expect(scope?.summary).toContain('execute_sql runs SQL the model wrote');
    expect(scope?.summary).not.toContain('get_user');
    // The evidence is the tool as offered (line 4), as in human-approval's.
    expect(scope?.evidence.map((e) => `${e.path}:${e.line}`)).toEqual([`${FILE}:4`]);
    const approval = signals.get('llm.human-approval');
    expect(approval?.status).toBe('fail');
    expect(approval?.summary).toContain('execute_sql');
    expect(approval?.summary).not.toContain('get_user');
    expect(approval?.evidence.map((e) => `${e.path}:${e.line}`)).toEqual([`${FILE}:4`, `${FILE}:8`]);
  });

  it('judges each branch alone: the next `if (name === …)` branch lends neither its SQL nor its confirmation to the one before', async () => {
    const signals = await run({
      [FILE]: edgeFunction(['cancel_order', 'run_report'], [
        "if (name === 'cancel_order') return JSON.stringify(await db.from('orders').update({ status: 'cancelled' }).eq('id', args.id));",
        "  if (name === 'run_report') {",
        '    if (!(await confirmationGiven(args.requestId))) return JSON.stringify({ pending: true });',
        '    return JSON.stringify(await db.rpc(\'exec_sql\', { query: args.query }));',
        '  }',
      ]),
    });
    const scope = signals.get('llm.tool-scope');
    expect(scope?.status).toBe('fail');
    expect(scope?.summary).toContain('run_report runs SQL the model wrote');
    expect(scope?.summary).not.toContain('cancel_order');
    const approval = signals.get('llm.human-approval');
    // run_report runs any SQL but asks first; cancel_order changes an order and does not.
    expect(approval?.status).toBe('fail');
    expect(approval?.summary).toContain('cancel_order');
    expect(approval?.summary).not.toContain('run_report');
  });

  it('follows the arguments of a tool call taken apart where it is dispatched', async () => {
    const signals = await run({
      'api/chat.ts': [
        "import OpenAI from 'openai';",
        "import { pool } from './db';",
        'const openai = new OpenAI();',
        "const tools = [{ type: 'function', function: { name: 'execute_sql', parameters: { type: 'object', properties: { sql: { type: 'string' } } } } }];",
        'export async function POST(req: Request) {',
        '  const { messages } = await req.json();',
        "  const r = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages, tools, max_tokens: 400 });",
        '  for (const { name, arguments: raw } of (r.choices[0].message.tool_calls ?? []).map((t) => t.function)) {',
        '    const input = JSON.parse(raw);',
        "    if (name === 'execute_sql') return Response.json((await pool.query(input.sql)).rows);",
        '  }',
        '  return Response.json({ reply: r.choices[0].message.content });',
        '}',
      ].join('\n'),
    });
    expect(signals.get('llm.tool-scope')?.summary).toContain('execute_sql runs SQL the model wrote');
  });

  it('a receipt sent after the action is not a confirmation asked before it', async () => {
    const approval = async (line: string) => (await run({ [FILE]: edgeFunction(['create_booking'], ["if (name === 'create_booking') {", `    ${line}`, "    return JSON.stringify(await db.from('bookings').insert({ slot: args.slot }));", '  }']) })).get('llm.human-approval');
    expect((await approval('await sendConfirmationEmail(args.email);'))?.status).toBe('fail');
    expect((await approval("if (!(await hasUserConfirmation(args.requestId))) return 'ask the customer first';"))?.status).toBe('pass');
  });

  it('tells a URL the model chooses from a path under a fixed host', async () => {
    const scope = async (branch: string) => (await run({ [FILE]: edgeFunction(['open_page'], [`if (name === 'open_page') return await (await fetch(${branch})).text();`]) })).get('llm.tool-scope');
    const chosen = await scope('args.url');
    expect(chosen?.status).toBe('fail');
    expect(chosen?.summary).toContain('open_page fetches a URL the model chose');
    expect((await scope('`${args.base}/page`'))?.status).toBe('fail');
    const fixed = await scope('`https://shop.example.com/pages/${encodeURIComponent(args.slug)}`');
    expect(fixed?.status).toBe('pass');
    expect(fixed?.evidence.map((e) => e.note)).toEqual(['open_page: narrow']);
  });

  it('falls back on the name when the branch hands the arguments to code it does not follow, and says so', async () => {
    const signals = await run({ [FILE]: edgeFunction(['run_sql'], ["if (name === 'run_sql') return await runQuery(args.sql);"]) });
    const scope = signals.get('llm.tool-scope');
    expect(scope?.status).toBe('fail');
    expect(scope?.summary).toContain('run_sql is named for running SQL');
    expect(signals.get('llm.human-approval')?.status).toBe('fail');
  });

  it('names offered tools nobody here runs as unknown, not narrow', async () => {
    const signals = await run({ [FILE]: edgeFunction(['lookup_order'], ["return await (await import('../_shared/tools.ts')).run(name, args);"]) });
    const scope = signals.get('llm.tool-scope');
    expect(scope?.status).toBe('unknown');
    expect(scope?.summary).toContain('lookup_order');
    const approval = signals.get('llm.human-approval');
    expect(approval?.status).toBe('unknown');
    expect(approval?.summary).toContain('1 is offered but run elsewhere (lookup_order)');
  });

  it('reads a handler an MCP server registration wraps, and skips a helper that registers whatever it is given', async () => {
    const signals = await run({
      'src/mcp/tools.ts': [
        "import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';",
        "import OpenAI from 'openai';",
        'export function register(server: McpServer) {',
        "  server.registerTool('fetch_page', { inputSchema: {} }, withAudit(async ({ url }: { url: string }) => ({ content: [{ type: 'text', text: await (await fetch(url)).text() }] })));",
        '}',
        'export function registerGuarded(server: McpServer, name: string, handler: () => void) {',
        '  server.registerTool(name, {}, handler);',
        '}',
        "export const title = async (t: string) => (await new OpenAI().chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: t }] })).choices[0].message.content;",
      ].join('\n'),
    });
    const scope = signals.get('llm.tool-scope');
    expect(scope?.status).toBe('fail');
    expect(scope?.evidence.map((e) => e.note)).toEqual(['fetch_page fetches a URL the model chose']);
    // An MCP server's tools are confirmed by its host.
    expect(signals.get('llm.human-approval')?.summary).toContain("1 is an MCP server's (fetch_page)");
  });

  it('holds Python tools to the same contract: code that runs, by code or by name, and an approval flag', async () => {
    const py = (decorator: string, body: string, name = 'run_query') => ({
      'app/agent.py': [
        'from agents import Agent, Runner, function_tool',
        decorator,
        `def ${name}(sql: str) -> str:`,
        `    ${body}`,
        `agent = Agent(name="analyst", instructions="Answer questions about sales.", tools=[${name}])`,
        'async def handle(q: str) -> str:',
        '    return (await Runner.run(agent, q)).final_output',
      ].join('\n'),
    });
    const sql = await run(py('@function_tool', 'return str(db.execute(sql).fetchall())'));
    expect(sql.get('llm.tool-scope')?.summary).toContain('run_query runs SQL the model wrote');
    expect(sql.get('llm.human-approval')?.status).toBe('fail');
    const gated = await run(py('@function_tool(needs_approval=True)', 'return str(db.execute(sql).fetchall())'));
    expect(gated.get('llm.tool-scope')?.status).toBe('fail');
    expect(gated.get('llm.human-approval')?.status).toBe('pass');
    const code = await run(py('@function_tool', 'return str(exec(sql))', 'evaluate'));
    expect(code.get('llm.tool-scope')?.summary).toContain('evaluate runs code the model wrote');
    const narrow = await run(py('@function_tool', 'return str(db.execute("SELECT total FROM sales WHERE region = %s", (sql,)).fetchall())', 'sales_total'));
    expect(narrow.get('llm.tool-scope')?.status).toBe('pass');
  });

  it('an approval step covers the tools of its own folder, not another edge function', async () => {
    const guarded = [
      "import { tool, generateText } from 'npm:ai';",
      "import { openai } from 'npm:@ai-sdk/openai';",
      'Deno.serve(async (req) => {',
      '  const { prompt } = await req.json();',
      "  const { text } = await generateText({ model: openai('gpt-4o-mini'), prompt, maxTokens: 300, tools: { publish_post: tool({ description: 'Publish', needsApproval: true, execute: async ({ id }: { id: string }) => publish(id) }) } });",
      '  return new Response(text);',
      '});',
    ].join('\n');
    const signals = await run({
      'supabase/functions/blog-agent/index.ts': guarded,
      [FILE]: edgeFunction(['delete_user'], ["if (name === 'delete_user') return JSON.stringify(await db.from('profiles').delete().eq('id', args.id));"]),
    });
    const approval = signals.get('llm.human-approval');
    expect(approval?.status).toBe('fail');
    expect(approval?.summary).toContain('delete_user');
    expect(approval?.summary).not.toContain('publish_post');
  });
});

describe('tool names that say what a tool runs', () => {
  it('reads snake, camel and kebab case alike, and leaves narrow names alone', () => {
    expect(['execute_sql', 'executeSql', 'run-query', 'query_database', 'sql'].map(runsByName)).toEqual(['sql', 'sql', 'sql', 'sql', 'sql']);
    expect(['run_shell', 'execCommand', 'bash'].map(runsByName)).toEqual(['shell', 'shell', 'shell']);
    expect(['exec_python', 'executePython', 'code_interpreter'].map(runsByName)).toEqual(['code', 'code', 'code']);
    expect(['http_request', 'fetchUrl'].map(runsByName)).toEqual(['http', 'http']);
    for (const n of ['get_sql_report', 'search_conversations', 'run_report', 'fetch_orders', 'shell_company_lookup']) expect(runsByName(n), n).toBeNull();
  });
});
