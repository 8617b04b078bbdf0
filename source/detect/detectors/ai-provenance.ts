import type { Detector, EvaluateInput, Evidence, FileEntry, Finding, Signal } from '../types.js';
import { capEvidence, evidenceOf, excerptAt, isRecord } from './infra-helpers.js';
import { isFixturePath } from '../path-role.js';

/**
 * Informational: traces that AI coding assistants or app builders worked on this
 * repository — their instruction files, config folders and the markers app
 * builders leave in package.json, index.html or the README. Presence only; it is
 * context for the review ("who reviewed generated code?"), not a verdict.
 */

interface PathMarker {
  tool: string;
  re: RegExp;
  note?: string;
}

/** Matched against the whole relative path, so a marker may sit in a sub-project. */
const PATH_MARKERS: PathMarker[] = [
  // Upper-case names only: a `docs/agents.md` describing an app's own agents is no marker.
  { tool: 'Claude Code', re: /(?:^|\/)CLAUDE(?:\.local)?\.md$/ },
  { tool: 'Claude Code', re: /(?:^|\/)\.claude\// },
  { tool: 'AGENTS.md (Codex, Jules, Amp and others)', re: /(?:^|\/)AGENTS\.md$/ },
  { tool: 'OpenAI Codex', re: /(?:^|\/)\.codex\// },
  { tool: 'Cursor', re: /(?:^|\/)\.cursorrules$|(?:^|\/)\.cursor\/|(?:^|\/)\.cursor(?:indexing)?ignore$/ },
  { tool: 'GitHub Copilot', re: /^\.github\/(?:copilot-instructions\.md|instructions\/[^/]+\.instructions\.md|prompts\/[^/]+\.prompt\.md|chatmodes\/[^/]+\.chatmode\.md|workflows\/copilot-setup-steps\.ya?ml)$/i },
  { tool: 'Windsurf', re: /(?:^|\/)\.windsurfrules$|(?:^|\/)\.windsurf\/|(?:^|\/)\.codeiumignore$/ },
  { tool: 'Cline', re: /(?:^|\/)\.clinerules(?:$|\/)|(?:^|\/)\.clineignore$/ },
  { tool: 'Roo Code', re: /(?:^|\/)\.roo\/|(?:^|\/)\.roomodes$|(?:^|\/)\.roorules$|(?:^|\/)\.rooignore$/ },
  { tool: 'Aider', re: /(?:^|\/)\.aider[^/]*$/ },
  { tool: 'Gemini', re: /(?:^|\/)GEMINI\.md$|(?:^|\/)\.gemini\// },
  { tool: 'Continue', re: /(?:^|\/)\.continue\/|(?:^|\/)\.continuerc\.json$/ },
  { tool: 'Kiro', re: /(?:^|\/)\.kiro\// },
  { tool: 'JetBrains Junie', re: /(?:^|\/)\.junie\// },
  { tool: 'Firebase Studio (IDX)', re: /(?:^|\/)\.idx\// },
  { tool: 'Bolt', re: /(?:^|\/)\.bolt\// },
  { tool: 'Amazon Q Developer', re: /(?:^|\/)\.amazonq\// },
  { tool: 'Augment', re: /(?:^|\/)\.augment-guidelines$|(?:^|\/)\.augment\// },
  { tool: 'Trae', re: /(?:^|\/)\.trae\// },
  { tool: 'OpenHands', re: /(?:^|\/)\.openhands\// },
  { tool: 'Replit Agent', re: /(?:^|\/)replit\.md$/i },
  { tool: 'Replit', re: /(?:^|\/)\.replit$|(?:^|\/)replit\.nix$/, note: 'Replit workspace (its Agent may have been used)' },
  { tool: 'MCP server configuration', re: /(?:^|\/)\.mcp\.json$|(?:^|\/)\.vscode\/mcp\.json$/ },
  { tool: 'CodeRabbit (AI review)', re: /(?:^|\/)\.coderabbit\.ya?ml$/ },
];

/** Dependencies that app builders add to every project they generate. */
const BUILDER_DEPS: Record<string, string> = {
  'lovable-tagger': 'Lovable',
  'tempo-devtools': 'Tempo',
  '@builder.io/dev-tools': 'Builder.io',
};

const README_MARKERS: { tool: string; re: RegExp }[] = [
  { tool: 'Lovable', re: /lovable\.dev\/projects|Welcome to your Lovable project/i },
  { tool: 'v0', re: /\bv0\.(?:dev|app)\b/i },
  { tool: 'Bolt', re: /\bbolt\.new\b/i },
  { tool: 'Replit Agent', re: /built with replit agent/i },
];

/** Any marker, in one regex: every path of the tree is asked, and nearly none is one. */
const ANY_PATH_MARKER = new RegExp(PATH_MARKERS.map((m) => m.re.source).join('|'), 'i');

function pathMarker(p: string): PathMarker | undefined {
  if (!ANY_PATH_MARKER.test(p)) return undefined;
  return PATH_MARKERS.find((m) => m.re.test(p));
}

function isContentFile(f: Pick<FileEntry, 'path' | 'base'>): boolean {
  return f.base === 'package.json' || f.base === 'index.html' || (!f.path.includes('/') && /^readme(?:\.md|\.markdown|\.txt)?$/.test(f.base));
}

function lineOfMatch(text: string, re: RegExp): number | undefined {
  const m = re.exec(text);
  return m ? text.slice(0, m.index).split('\n').length : undefined;
}

export function collectProvenance(file: FileEntry, text: string): Finding[] {
  const path = file.path;
  const out: Finding[] = [];
  const pm = pathMarker(path);
  if (pm) out.push({ kind: 'marker', path, line: 1, data: { tool: pm.tool, note: pm.note ?? null } });
  if (file.base === 'package.json') {
    let pkg: unknown;
    try {
      pkg = JSON.parse(text);
    } catch {
      return out;
    }
    if (!isRecord(pkg)) return out;
    const deps = { ...(isRecord(pkg['dependencies']) ? pkg['dependencies'] : {}), ...(isRecord(pkg['devDependencies']) ? pkg['devDependencies'] : {}) };
    for (const [dep, tool] of Object.entries(BUILDER_DEPS)) {
      if (dep in deps) {
        const line = lineOfMatch(text, new RegExp(`"${dep.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}"\\s*:`));
        out.push({ kind: 'marker', path, line, excerpt: excerptAt(text, line), data: { tool, note: `${dep} dependency` } });
      }
    }
    if (pkg['name'] === 'my-v0-project') {
      const line = lineOfMatch(text, /"name"\s*:/);
      out.push({ kind: 'marker', path, line, excerpt: excerptAt(text, line), data: { tool: 'v0', note: 'package name given by v0' } });
    }
  } else if (file.base === 'index.html') {
    const line = lineOfMatch(text, /cdn\.gpteng\.co|gptengineer\.js|lovable\.dev/i);
    if (line) out.push({ kind: 'marker', path, line, excerpt: excerptAt(text, line), data: { tool: 'Lovable', note: 'Lovable (GPT Engineer) script or meta tag' } });
  } else if (isContentFile(file)) {
    for (const m of README_MARKERS) {
      const line = lineOfMatch(text, m.re);
      if (line) out.push({ kind: 'marker', path, line, excerpt: excerptAt(text, line), data: { tool: m.tool, note: 'README mentions the generator' } });
    }
  }
  return out;
}

function evaluate(input: EvaluateInput): Signal {
  const id = 'ai.provenance-markers';
  const markers = input.findings.filter((f) => f.kind === 'marker' && !isFixturePath(f.path));
  if (markers.length === 0) return { id, status: 'not_applicable', summary: 'no assistant markers', confidence: 'medium', evidence: [] };
  const tools = [...new Set(markers.map((f) => String(f.data?.['tool'])))].sort();
  const evidence: Evidence[] = markers.map((f) => {
    const ev = evidenceOf(input, f, String(f.data?.['note'] ?? f.data?.['tool']));
    if (f.data?.['note'] === null) ev.note = String(f.data?.['tool']);
    // A whole-file marker (CLAUDE.md) is evidence as a file; no line to point at.
    if (!f.excerpt) delete ev.line;
    return ev;
  });
  return {
    id,
    status: 'pass',
    summary: `AI-assistant markers: ${tools.join(', ')}`,
    confidence: 'high',
    evidence: capEvidence(evidence),
    details: { tools, markers: markers.length },
  };
}

export const aiProvenanceDetector: Detector = {
  id: 'ai-provenance',
  signals: [
    {
      id: 'ai.provenance-markers',
      title: 'AI-assistant markers',
      passWhen: 'files that show AI-assistant use (CLAUDE.md, AGENTS.md, .cursorrules, .cursor/rules, copilot-instructions, .windsurfrules, app-builder markers, …) — informational',
      informational: true,
    },
  ],
  selects: (f) => pathMarker(f.path) !== undefined || isContentFile(f),
  collect: collectProvenance,
  evaluate: (input) => [evaluate(input)],
};
