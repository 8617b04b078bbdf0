import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

/**
 * Runs a composite action's steps as the GitHub runner does, for tests: `${{ }}`
 * expressions (the subset action.yml uses) substituted into `env`, `with` and `if`;
 * `shell: bash` as `bash --noprofile --norc -eo pipefail {0}`; GITHUB_OUTPUT,
 * GITHUB_STEP_SUMMARY, GITHUB_PATH files; workflow commands parsed from stdout,
 * honouring ::stop-commands::; a failed step skips the rest unless their `if`
 * says always(). `uses:` steps are recorded with their resolved inputs, not run.
 */

export interface Annotation {
  level: string;
  props: Record<string, string>;
  message: string;
}

export interface StepRun {
  name: string;
  id: string | null;
  ran: boolean;
  code: number | null;
  stdout: string;
  stderr: string;
  uses?: string;
  with?: Record<string, string>;
}

export interface ActionRun {
  steps: StepRun[];
  outputs: Record<string, string>;
  annotations: Annotation[];
  summary: string;
  path: string[];
  failed: boolean;
}

interface Step {
  name?: string;
  id?: string;
  if?: string;
  shell?: string;
  run?: string;
  uses?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}

interface Context {
  inputs: Record<string, string>;
  steps: Record<string, { outputs: Record<string, string>; outcome: string }>;
  github: Record<string, string>;
  failed: boolean;
}

function unescapeData(s: string): string {
  return s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
}
function unescapeProperty(s: string): string {
  return unescapeData(s).replace(/%3A/g, ':').replace(/%2C/g, ',');
}

/** Workflow commands in a step's stdout, as the runner reads them. */
export function parseWorkflowCommands(stdout: string): Annotation[] {
  const out: Annotation[] = [];
  let stopToken: string | null = null;
  for (const line of stdout.split('\n')) {
    const m = /^::([^\s:]+)(?: ([^:]*))?::(.*)$/.exec(line);
    if (!m) continue;
    const [, command, props = '', data = ''] = m;
    if (stopToken !== null) {
      if (command === stopToken) stopToken = null;
      continue;
    }
    if (command === 'stop-commands') {
      stopToken = data;
      continue;
    }
    if (!['error', 'warning', 'notice'].includes(command!)) continue;
    const p: Record<string, string> = {};
    for (const kv of props.split(',').filter(Boolean)) {
      const i = kv.indexOf('=');
      p[kv.slice(0, i)] = unescapeProperty(kv.slice(i + 1));
    }
    out.push({ level: command!, props: p, message: unescapeData(data) });
  }
  return out;
}

function value(expr: string, ctx: Context): string | boolean {
  const e = expr.trim();
  if (e === 'always()') return true;
  if (e === 'success()') return !ctx.failed;
  if (e === 'failure()') return ctx.failed;
  const lit = /^'(.*)'$/.exec(e);
  if (lit) return lit[1]!.replace(/''/g, "'");
  const input = /^inputs\.([\w-]+)$/.exec(e);
  if (input) return ctx.inputs[input[1]!] ?? '';
  const output = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(e);
  if (output) return ctx.steps[output[1]!]?.outputs[output[2]!] ?? '';
  const gh = /^github\.([\w_]+)$/.exec(e);
  if (gh) return ctx.github[gh[1]!] ?? '';
  throw new Error(`expression not supported by the test runner: ${e}`);
}

/** `a && b`, `a || b`, `x == 'y'`, `x != 'y'`: enough for action.yml, and it throws on anything else. */
export function evaluate(expr: string, ctx: Context): boolean | string {
  const e = expr.trim().replace(/^\$\{\{([\s\S]*)\}\}$/, '$1').trim();
  if (e.includes('||')) return e.split('||').some((p) => truthy(evaluate(p, ctx)));
  if (e.includes('&&')) return e.split('&&').every((p) => truthy(evaluate(p, ctx)));
  const cmp = /^(.*?)\s*(==|!=)\s*(.*)$/.exec(e);
  if (cmp) {
    const a = String(value(cmp[1]!, ctx));
    const b = String(value(cmp[3]!, ctx));
    return cmp[2] === '==' ? a === b : a !== b;
  }
  return value(e, ctx);
}

function truthy(v: boolean | string): boolean {
  return v !== false && v !== '' && v !== 'false';
}

function interpolate(text: string, ctx: Context): string {
  return text.replace(/\$\{\{([\s\S]*?)\}\}/g, (_m, e: string) => String(evaluate(e, ctx)));
}

function readOutputs(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = readFileSync(file, 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heredoc = /^([\w-]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const body: string[] = [];
      while (++i < lines.length && lines[i] !== heredoc[2]) body.push(lines[i]!);
      out[heredoc[1]!] = body.join('\n');
    } else if (line.includes('=')) out[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
  }
  return out;
}

export function runCompositeAction(actionDir: string, opts: { workspace: string; with: Record<string, string>; env?: NodeJS.ProcessEnv }): ActionRun {
  const action = parse(readFileSync(path.join(actionDir, 'action.yml'), 'utf8')) as {
    inputs: Record<string, { default?: string }>;
    outputs: Record<string, { value: string }>;
    runs: { using: string; steps: Step[] };
  };
  if (action.runs.using !== 'composite') throw new Error('not a composite action');
  const temp = mkdtempSync(path.join(opts.workspace, '..', 'runner-'));
  const files = { output: '', summary: path.join(temp, 'summary.md'), path: path.join(temp, 'path.txt'), env: path.join(temp, 'env.txt') };
  for (const f of [files.summary, files.path, files.env]) writeFileSync(f, '');
  const inputs = Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, opts.with[k] ?? v.default ?? '']));
  for (const k of Object.keys(opts.with)) if (!(k in action.inputs)) throw new Error(`unknown input ${k}`);
  const ctx: Context = { inputs, steps: {}, github: { action_path: actionDir, workspace: opts.workspace }, failed: false };
  const runs: StepRun[] = [];
  const annotations: Annotation[] = [];
  action.runs.steps.forEach((step, n) => {
    const name = step.name ?? `step ${n}`;
    const cond = step.if ?? 'success()';
    const shouldRun = /\b(always|failure|success)\(\)/.test(cond) ? truthy(evaluate(cond, ctx)) : !ctx.failed && truthy(evaluate(cond, ctx));
    if (!shouldRun) {
      runs.push({ name, id: step.id ?? null, ran: false, code: null, stdout: '', stderr: '', ...(step.uses ? { uses: step.uses } : {}) });
      return;
    }
    if (step.uses) {
      const w = Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, interpolate(String(v), ctx)]));
      runs.push({ name, id: step.id ?? null, ran: true, code: 0, stdout: '', stderr: '', uses: step.uses, with: w });
      return;
    }
    if (step.shell !== 'bash') throw new Error(`${name}: composite run steps need shell: bash here`);
    files.output = path.join(temp, `output-${n}.txt`);
    writeFileSync(files.output, '');
    const script = path.join(temp, `step-${n}.sh`);
    writeFileSync(script, interpolate(step.run ?? '', ctx));
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKSPACE: opts.workspace,
      GITHUB_ACTION_PATH: actionDir,
      GITHUB_OUTPUT: files.output,
      GITHUB_STEP_SUMMARY: files.summary,
      GITHUB_PATH: files.path,
      GITHUB_ENV: files.env,
      RUNNER_TEMP: temp,
      ...opts.env,
      ...Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, interpolate(String(v), ctx)])),
    };
    const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], { cwd: opts.workspace, env, encoding: 'utf8', timeout: 300_000 });
    const code = r.status ?? 1;
    annotations.push(...parseWorkflowCommands(r.stdout));
    if (step.id) ctx.steps[step.id] = { outputs: readOutputs(files.output), outcome: code === 0 ? 'success' : 'failure' };
    if (code !== 0) ctx.failed = true;
    runs.push({ name, id: step.id ?? null, ran: true, code, stdout: r.stdout, stderr: r.stderr });
  });
  const outputs = Object.fromEntries(Object.entries(action.outputs).map(([k, v]) => [k, interpolate(v.value, ctx)]));
  return {
    steps: runs,
    outputs,
    annotations,
    summary: readFileSync(files.summary, 'utf8'),
    path: readFileSync(files.path, 'utf8').split('\n').filter(Boolean),
    failed: ctx.failed,
  };
}
