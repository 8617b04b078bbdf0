import { describe, expect, it } from 'vitest';
import { depsDetector } from '../../source/detect/detectors/deps.js';
import { lookalike, oneEditApart, packageOf } from '../../source/detect/detectors/deps-suspicious.js';
import { runDetector } from '../helpers/detector-harness.js';

const run = async (files: Record<string, string>) => (await runDetector(depsDetector, files)).get('deps.suspicious');

describe('deps.suspicious', () => {
  it('keeps every dependency of a manifest that declares more than the engine keeps of a kind by default (100)', async () => {
    const deps = Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`pkg-${i}`, '1.0.0']));
    const signals = await runDetector(depsDetector, { 'package.json': JSON.stringify({ name: 'x', dependencies: deps }), 'package-lock.json': '{}', 'src/a.js': 'require("pkg-0")\n' });
    const s = signals.get('deps.suspicious');
    expect((s?.details?.['never_imported'] as string[] | undefined)?.length).toBe(149);
    expect(s?.summary).not.toMatch(/not kept/);
  });

  it('lists a dependency never imported, one with an install script, and a look-alike name', async () => {
    const s = await run({
      'package.json': JSON.stringify({ dependencies: { expresss: '1', 'left-pad': '1', esbuild: '0.20', react: '18' }, devDependencies: { vitest: '1' }, scripts: { build: 'esbuild src/main.ts' } }, null, 2),
      'package-lock.json': JSON.stringify({ lockfileVersion: 3, packages: { '': {}, 'node_modules/esbuild': { version: '0.20.0', hasInstallScript: true }, 'node_modules/fsevents': { version: '2.3.3', hasInstallScript: true } } }, null, 2),
      'src/main.ts': "import React from 'react';\nimport x from 'expresss';\n",
    });
    expect(s?.status).toBe('pass');
    expect(s?.details).toMatchObject({ never_imported: ['left-pad'], install_scripts: ['esbuild'], install_scripts_transitive: 1, lookalikes: [{ name: 'expresss', like: 'express' }] });
    expect(s?.evidence[0]).toMatchObject({ path: 'package.json', severity: 'high' });
  });

  it('counts configuration mentions and scripts as use, and skips tooling names', async () => {
    const s = await run({
      'package.json': JSON.stringify({ dependencies: { 'tailwindcss-animate': '1', '@tailwindcss/typography': '1', typescript: '5', 'react-dom': '18', '@types/node': '20' } }),
      'tailwind.config.ts': "export default { plugins: [require('tailwindcss-animate')] };\n",
      'src/index.css': '@import "tailwindcss";\n@plugin "@tailwindcss/typography";\n',
      'src/main.tsx': "import { createRoot } from 'react-dom/client';\n",
    });
    expect(s?.status).toBe('not_applicable');
  });

  it('reads Deno npm: and esm.sh imports as package use; PyPI look-alikes too', async () => {
    const s = await run({
      'package.json': JSON.stringify({ dependencies: { openai: '4' } }),
      'supabase/functions/chat/index.ts': "import OpenAI from 'https://esm.sh/openai@4.20.0';\n",
      'requirements.txt': 'reqeusts==2.0\nfastapi\n',
    });
    expect(s?.details).toMatchObject({ never_imported: [], lookalikes: [{ name: 'reqeusts', like: 'requests' }] });
    expect(packageOf('npm:@supabase/supabase-js@2')).toBe('@supabase/supabase-js');
    expect(packageOf('@/lib/utils')).toBeNull();
  });

  it('one edit: insertion, deletion, substitution, transposition; popular names and known neighbours excluded', () => {
    expect(oneEditApart('lodahs', 'lodash')).toBe(true);
    expect(oneEditApart('lodas', 'lodash')).toBe(true);
    expect(oneEditApart('lodash', 'lodash')).toBe(false);
    expect(oneEditApart('axois', 'axios')).toBe(true);
    expect(lookalike('preact', 'npm')).toBeNull();
    expect(lookalike('mysql2', 'npm')).toBeNull();
    expect(lookalike('djnago', 'pypi')).toBe('django');
  });
});
