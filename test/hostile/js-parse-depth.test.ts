import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../source/util/package-root.js';
import { tooLongChain } from '../../source/detect/detectors/llm/js-parse.js';
import { tempDir } from '../helpers/fs.js';

/**
 * The JS/TS parser is native code that recurses on every level of nesting, with
 * or without brackets; past about 10,000 levels on a worker thread's stack it
 * crashes the whole process with a segmentation fault. Every way to nest is fed
 * to the parser guard in a worker thread of a child process, at the largest size
 * the guard lets through (1 MB): the child must exit normally.
 */

const SHAPES: Record<string, (n: number) => string> = {
  'unary minus': (n) => `x = ${'- '.repeat(n)}1`,
  'logical not': (n) => `x = ${'!'.repeat(n)}y`,
  parens: (n) => `x = ${'('.repeat(n)}1${')'.repeat(n)}`,
  arrows: (n) => `x = ${'()=>'.repeat(n)}1`,
  'arrows without parens': (n) => `x = ${'a=>'.repeat(n)}1`,
  assignments: (n) => `${'a='.repeat(n)}1`,
  ternaries: (n) => `x = ${'a?b:'.repeat(n)}c`,
  powers: (n) => `x = ${'2**'.repeat(n)}2`,
  typeof: (n) => `x = ${'typeof '.repeat(n)}y`,
  new: (n) => `x = ${'new '.repeat(n)}Y`,
  await: (n) => `async function f(){ x = ${'await '.repeat(n)}y }`,
  jsx: (n) => `x = ${'<a>'.repeat(n)}${'</a>'.repeat(n)}`,
  templates: (n) => `x = ${'`${'.repeat(n)}1${'}`'.repeat(n)}`,
  generics: (n) => `let x: ${'A<'.repeat(n)}B${'>'.repeat(n)};`,
  'if chains': (n) => `${'if(a)'.repeat(n)};`,
  'else chains': (n) => `${'if(a){}else '.repeat(n)};`,
  labels: (n) => `${'a:'.repeat(n)};`,
  'conditional types': (n) => `type T = ${'A extends B ? C : '.repeat(n)}D;`,
};

describe('the JS parser guard', () => {
  it('no nesting shape at 1 MB crashes the process (parsed in a worker thread, as a scan does)', () => {
    const parse = path.join(packageRoot(), 'source', 'detect', 'detectors', 'llm', 'js-parse.ts');
    const script = `
      import { Worker, isMainThread, workerData, parentPort } from 'node:worker_threads';
      if (isMainThread) {
        const shapes = ${JSON.stringify(Object.keys(SHAPES))};
        for (const name of shapes) {
          const w = new Worker(new URL(import.meta.url), { workerData: { name } });
          const r = await new Promise((res) => { w.on('message', res); w.on('error', (e) => res('error ' + e.message)); });
          console.log(name + ': ' + r);
        }
      } else {
        const { register } = await import(${JSON.stringify(`file://${path.join(packageRoot(), 'node_modules', 'tsx', 'dist', 'esm', 'api', 'index.mjs')}`)});
        register();
        const { parseJs } = await import(${JSON.stringify(`file://${parse}`)});
        const shapes = { ${Object.entries(SHAPES).map(([k, f]) => `${JSON.stringify(k)}: ${f.toString()}`).join(', ')} };
        const f = shapes[workerData.name];
        let n = 1;
        while (f(n * 2).length < 1000000) n *= 2;
        const r = parseJs('src/x.tsx', f(n));
        parentPort.postMessage(r === null ? 'refused' : 'parsed');
      }`;
    const { dir, cleanup } = tempDir('shipshape-js-depth-');
    try {
      const file = path.join(dir, 'depth.mjs');
      writeFileSync(file, script);
      const r = spawnSync(process.execPath, [file], { encoding: 'utf8', timeout: 300_000, cwd: packageRoot() });
      expect(r.signal, `${r.stdout}\n${r.stderr}`).toBeNull();
      expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
      const lines = r.stdout.trim().split('\n');
      expect(lines).toHaveLength(Object.keys(SHAPES).length);
      for (const l of lines) expect(l).toMatch(/: (refused|parsed)$/);
    } finally {
      cleanup();
    }
  }, 300_000);

  it('lets ordinary code through: long JSX with expressions, data arrays, prompts in templates', () => {
    const jsx = `export default function Page() {\n  return (<main>${'<section className="px-4 py-2 text-sm"><h2>{title}</h2><p>Text - more text: here</p></section>'.repeat(400)}</main>);\n}\n`;
    const data = `export const points = [${Array.from({ length: 5000 }, (_, i) => `-${i}`).join(', ')}];\n`;
    const prompt = `const system = \`${'- Answer briefly: do not guess.\\n'.repeat(3000)}\`;\n`;
    for (const text of [jsx, data, prompt]) expect(tooLongChain(text)).toBe(false);
    expect(tooLongChain(`x = ${'- '.repeat(5000)}1`)).toBe(true);
  });
});
