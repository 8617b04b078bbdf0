import { describe, expect, it } from 'vitest';
import { llmDetector } from '../../source/detect/detectors/llm/detector.js';
import { changesThings } from '../../source/detect/detectors/llm-human-approval.js';
import { runDetector } from '../helpers/detector-harness.js';

const run = (files: Record<string, string>) => runDetector(llmDetector, files);
const approval = async (files: Record<string, string>) => (await run(files)).get('llm.human-approval');

/** An edge function offering OpenAI function tools; `dispatch` is the code that runs them. */
function edgeFunction(tools: string[], dispatch: string, extra = ''): string {
  return [
    'const tools = [',
    ...tools.map((t) => `  { type: 'function', function: { name: '${t}', description: 'Always ask the customer to confirm first.', parameters: { type: 'object', properties: {} } } },`),
    '];',
    dispatch,
    'Deno.serve(async (req) => {',
    '  const { messages } = await req.json();',
    "  const r = await fetch('https://api.openai.com/v1/chat/completions', { method: 'POST', body: JSON.stringify({ model: 'gpt-4o-mini', messages, tools, tool_choice: 'auto', max_tokens: 500 }) });",
    '  const data = await r.json();',
    '  const call = data.choices[0].message.tool_calls?.[0];',
    '  if (call) return new Response(await runTool(call.function.name, call.function.arguments));',
    '  return new Response(JSON.stringify({ reply: data.choices[0].message.content }));',
    '});',
    extra,
  ].join('\n');
}

describe('tool names that change things', () => {
  it('reads the verb first, or last when the name is noun-first, and tells verbs from nouns', () => {
    for (const n of ['cancel_booking', 'refundOrder', 'send_email', 'booking_cancel', 'createShoppingCart', 'book_appointment', 'email_customer', 'deleteUser', 'update-record']) expect(changesThings(n), n).toBe(true);
    for (const n of ['get_booking_details', 'lookup_customer', 'orderStatus', 'order_history', 'list_available_services', 'search_conversations', 'get_cancel_reasons', 'weather', 'email_status', 'run_report', 'add_memory', 'exec_python']) expect(changesThings(n), n).toBe(false);
  });
});

describe('llm.human-approval', () => {
  it('fails when a function tool that changes things is dispatched by name with no approval step, naming the tool and the branch that runs it', async () => {
    const s = await approval({
      'supabase/functions/agent/index.ts': edgeFunction(['get_order', 'cancel_order'], [
        'async function runTool(name: string, args: string) {',
        '  switch (name) {',
        "    case 'get_order': return getOrder(JSON.parse(args).id);",
        "    case 'cancel_order': return cancelOrder(JSON.parse(args).id);",
        "    default: return '{}';",
        '  }',
        '}',
      ].join('\n')),
    });
    expect(s?.status).toBe('fail');
    expect(s?.summary).toContain('cancel_order');
    expect(s?.summary).not.toContain('get_order');
    expect(s?.evidence.map((e) => `${e.path}:${e.line}`)).toEqual(['supabase/functions/agent/index.ts:3', 'supabase/functions/agent/index.ts:8']);
  });

  it('counts a handler map as dispatch, and a confirmation in the dispatch branch as an approval step', async () => {
    const map = ['const handlers = {', "  delete_note: async (args: string) => deleteNote(JSON.parse(args).id),", '};', 'const runTool = (n: string, a: string) => handlers[n](a);'].join('\n');
    expect((await approval({ 'supabase/functions/a/index.ts': edgeFunction(['delete_note'], map) }))?.status).toBe('fail');
    const confirmFirst = ['async function runTool(name: string, args: string) {', '  switch (name) {', "    case 'delete_note': return JSON.stringify({ pending: true, confirm_url: await confirmationLink(args) });", '  }', '}'].join('\n');
    expect((await approval({ 'supabase/functions/a/index.ts': edgeFunction(['delete_note'], confirmFirst) }))?.status).toBe('pass');
  });

  it('reads Gemini function declarations reached through a constant, and ignores approval flags in files that do not talk to the model', async () => {
    const s = await approval({
      'supabase/functions/admin-brain/index.ts': [
        'const tools = [{ functionDeclarations: [',
        "  { name: 'execute_sql', description: 'Run SQL', parameters: { type: 'OBJECT', properties: { sql: { type: 'STRING' } } } },",
        "  { name: 'get_user_list', description: 'List users', parameters: { type: 'OBJECT', properties: {} } },",
        '] }];',
        'async function executeTool(name: string, args: { sql: string }) {',
        "  if (name === 'execute_sql') return JSON.stringify(await db.rpc('run_sql', { sql: args.sql }));",
        "  if (name === 'get_user_list') return JSON.stringify(await db.from('users').select('id'));",
        "  return '';",
        '}',
        'Deno.serve(async (req) => {',
        '  const { message } = await req.json();',
        '  const declarations = { functionDeclarations: tools[0].functionDeclarations };',
        "  const r = await fetch(`https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent?key=${Deno.env.get('GEMINI_API_KEY')}`, { method: 'POST', body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: message }] }], tools: [declarations] }) });",
        '  const call = (await r.json()).candidates[0].content.parts[0].functionCall;',
        '  return new Response(await executeTool(call.name, call.args));',
        '});',
      ].join('\n'),
      'src/pages/EventEdit.tsx': 'export const EventEdit = ({ event }: { event: { requires_approval: boolean } }) => <input type="checkbox" checked={event.requires_approval} />;\n',
    });
    expect(s?.status).toBe('fail');
    expect(s?.summary).toContain('execute_sql');
    expect(s?.summary).not.toContain('get_user_list');
  });

  it('does not take a forced function call (structured output) or a tool nobody dispatches for an action', async () => {
    const forced = [
      'Deno.serve(async (req) => {',
      '  const { text } = await req.json();',
      "  const r = await fetch('https://api.openai.com/v1/chat/completions', { method: 'POST', body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: text }], tools: [{ type: 'function', function: { name: 'create_summary', parameters: {} } }], tool_choice: { type: 'function', function: { name: 'create_summary' } } }) });",
      "  if (text === 'create_summary') return new Response('?');",
      '  return new Response((await r.json()).choices[0].message.tool_calls[0].function.arguments);',
      '});',
    ].join('\n');
    const s = await approval({ 'supabase/functions/s/index.ts': forced });
    expect(s?.status).toBe('unknown');
    expect(s?.summary).not.toContain('create_summary');
    const undispatched = await approval({ 'supabase/functions/a/index.ts': edgeFunction(['cancel_order'], "import { runTool } from '../_shared/tools.ts';") });
    expect(undispatched?.status).toBe('unknown');
  });

  it('passes (for a person to confirm) when the SDK tool that changes things needs approval, and fails when it does not', async () => {
    const agent = (flag: string) => ({
      'src/agent.ts': [
        "import { generateText, tool } from 'ai';",
        "import { openai } from '@ai-sdk/openai';",
        'export async function reply(prompt: string) {',
        "  const { text } = await generateText({ model: openai('gpt-4o-mini'), prompt, tools: {",
        `    deleteProject: tool({ description: 'Delete a project', ${flag} execute: async ({ id }) => db.project.delete({ where: { id } }) }),`,
        '  } });',
        '  return text;',
        '}',
      ].join('\n'),
    });
    expect((await approval(agent('needsApproval: true,')))?.status).toBe('pass');
    expect((await approval(agent('needsApproval: false,')))?.status).toBe('fail');
    expect((await approval(agent('')))?.status).toBe('fail');
  });

  it('leaves MCP server tools to their host, which asks the user', async () => {
    const s = await approval({
      'src/mcp/server.ts': [
        "import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';",
        "import OpenAI from 'openai';",
        'const server = new McpServer({ name: "notes", version: "1.0.0" });',
        "server.tool('delete_note', { id: z.string() }, async ({ id }) => ({ content: [{ type: 'text', text: await deleteNote(id) }] }));",
        'const openai = new OpenAI();',
        "export const title = async (t: string) => (await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: t }] })).choices[0].message.content;",
      ].join('\n'),
    });
    expect(s?.status).toBe('unknown');
    expect(s?.summary).toContain('MCP');
  });

  it('reads Python tools: a plain function tool that changes things fails, needs_approval passes, an MCP tool is the host\'s', async () => {
    const py = (decorator: string, name = 'refund_payment') => ({
      'app/agent.py': [
        'from agents import Agent, Runner, function_tool',
        decorator,
        `def ${name}(payment_id: str) -> str:`,
        '    return payments.refund(payment_id)',
        `agent = Agent(name="billing", instructions="Help with billing.", tools=[${name}])`,
        'async def handle(q: str) -> str:',
        '    result = await Runner.run(agent, q)',
        '    return result.final_output',
      ].join('\n'),
    });
    expect((await approval(py('@function_tool')))?.status).toBe('fail');
    expect((await approval(py('@function_tool(needs_approval=True)')))?.status).toBe('pass');
    expect((await approval(py('@function_tool', 'get_payment')))?.status).toBe('unknown');
    expect((await approval(py('@mcp.tool()')))?.status).toBe('unknown');
  });

  it('is not applicable when the model has no tools and its output is only sent back as text, and unknown when code uses it', async () => {
    const chat = (use: string) => ({
      'server.py': [
        'from flask import Flask, jsonify, request',
        'from openai import OpenAI',
        'app = Flask(__name__)',
        'client = OpenAI()',
        '@app.post("/ask")',
        'def ask():',
        '    q = request.get_json()["q"]',
        '    r = client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": q}])',
        '    text = r.choices[0].message.content',
        use,
      ].join('\n'),
    });
    const shown = await approval(chat('    return jsonify({"answer": text})'));
    expect(shown?.status).toBe('not_applicable');
    expect(shown?.evidence[0]?.path).toBe('server.py');
    expect((await approval(chat('    db.decisions.insert_one({"applicant": q, "verdict": text})\n    return jsonify({"ok": True})')))?.status).toBe('unknown');
  });

  it('is not applicable when no model is called at all', async () => {
    expect((await approval({ 'src/index.ts': 'export const add = (a: number, b: number) => a + b;\n' }))?.status).toBe('not_applicable');
  });
});
