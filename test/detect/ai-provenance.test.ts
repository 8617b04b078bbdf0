import { describe, expect, it } from 'vitest';
import { aiProvenanceDetector } from '../../source/detect/detectors/ai-provenance.js';
import { runDetector } from '../helpers/detector-harness.js';

describe('ai-provenance detector', () => {
  it('finds instruction files of several assistants', async () => {
    const s = await runDetector(aiProvenanceDetector, {
      'CLAUDE.md': '# Project notes for Claude\n',
      '.cursorrules': 'Always use TypeScript.\n',
      '.cursor/rules/style.mdc': '---\ndescription: style\n---\n',
      '.github/copilot-instructions.md': 'Use pnpm.\n',
      '.github/instructions/tests.instructions.md': '---\napplyTo: "**/*.test.ts"\n---\n',
      'services/api/AGENTS.md': 'Run make test.\n',
      'src/index.ts': 'export {};\n',
    });
    const sig = s.get('ai.provenance-markers');
    expect(sig?.status).toBe('pass');
    expect(sig?.details).toMatchObject({ tools: ['AGENTS.md (Codex, Jules, Amp and others)', 'Claude Code', 'Cursor', 'GitHub Copilot'], markers: 6 });
    expect(sig?.evidence.map((e) => e.path)).toContain('.cursor/rules/style.mdc');
  });

  it('finds app-builder markers in package.json, index.html and the README with lines', async () => {
    const s = await runDetector(aiProvenanceDetector, {
      'package.json': '{\n  "name": "vite_react_shadcn_ts",\n  "devDependencies": {\n    "lovable-tagger": "^1.1.7"\n  }\n}\n',
      'index.html': '<html>\n<body>\n<script src="https://cdn.gpteng.co/gptengineer.js" type="module"></script>\n</body></html>\n',
      'README.md': '# App\n\nThis app was built on bolt.new.\n',
    });
    const sig = s.get('ai.provenance-markers');
    expect(sig?.details).toMatchObject({ tools: ['Bolt', 'Lovable'] });
    expect(sig?.evidence.find((e) => e.path === 'package.json')?.line).toBe(4);
    expect(sig?.evidence.find((e) => e.path === 'index.html')?.line).toBe(3);
  });

  it('is not applicable without markers (lookalikes and fixtures do not count)', async () => {
    const s = await runDetector(aiProvenanceDetector, {
      'README.md': '# A service\nUses agents and claude-like prompts.\n',
      'docs/agents-guide.md': 'no',
      'docs/agents.md': '# Our support agents\n',
      'test/fixtures/ai/CLAUDE.md': 'x',
      'package.json': '{ "name": "x", "dependencies": { "react": "19" } }',
    });
    expect(s.get('ai.provenance-markers')).toMatchObject({ status: 'not_applicable', summary: 'no assistant markers' });
  });
});
