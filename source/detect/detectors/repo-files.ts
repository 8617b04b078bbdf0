import type { Detector, EvaluateInput, Evidence, FileEntry, Finding, Signal } from '../types.js';
import { sanitizeLine } from '../../util/sanitize.js';
import { absenceEvidence, evidenceOf, excerptAt, isRecord, plural } from './infra-helpers.js';

/**
 * Repository governance files: CODEOWNERS, SECURITY.md and the licence. Each is
 * read, because an empty file or one holding only comments or the unedited GitHub
 * template is not a policy.
 */

const CODEOWNERS = /^(?:\.github\/|docs\/|\.gitlab\/)?codeowners$/i;
const SECURITY = /^(?:\.github\/|docs\/)?security(?:\.(?:md|markdown|rst|txt|adoc))?$/i;
const LICENSE = /^(?:licen[cs]e|copying|unlicense)(?:[-.][\w.-]*)?$/i;
const LICENSE_MANIFESTS = new Set(['package.json', 'pyproject.toml', 'cargo.toml', 'pom.xml', 'setup.cfg', 'composer.json']);

function kindOf(f: Pick<FileEntry, 'path' | 'base'>): 'codeowners' | 'security' | 'license' | 'manifest' | null {
  if (CODEOWNERS.test(f.path)) return 'codeowners';
  if (SECURITY.test(f.path)) return 'security';
  if (!f.path.includes('/') && LICENSE.test(f.base) && !/\.(?:json|js|ts|py|go|rs|toml|ya?ml|sh)$/.test(f.base)) return 'license';
  if (!f.path.includes('/') && LICENSE_MANIFESTS.has(f.base)) return 'manifest';
  return null;
}

const LICENSE_NAMES: { name: string; re: RegExp }[] = [
  { name: 'Apache-2.0', re: /Apache License,?\s+Version 2\.0/i },
  { name: 'MIT', re: /\bMIT License\b|Permission is hereby granted, free of charge/i },
  { name: 'GPL-3.0', re: /GNU GENERAL PUBLIC LICENSE\s+Version 3/i },
  { name: 'GPL-2.0', re: /GNU GENERAL PUBLIC LICENSE\s+Version 2/i },
  { name: 'AGPL-3.0', re: /GNU AFFERO GENERAL PUBLIC LICENSE/i },
  { name: 'LGPL', re: /GNU LESSER GENERAL PUBLIC LICENSE/i },
  { name: 'MPL-2.0', re: /Mozilla Public License,?\s+(?:Version|v\.?)\s*2\.0/i },
  { name: 'BSD', re: /Redistribution and use in source and binary forms/i },
  { name: 'ISC', re: /\bISC License\b|Permission to use, copy, modify, and(?:\/or)? distribute this software for any purpose/i },
  { name: 'Unlicense', re: /This is free and unencumbered software released into the public domain/i },
  { name: 'BSL-1.1', re: /Business Source License/i },
  { name: 'proprietary', re: /all rights reserved|proprietary and confidential/i },
];

/** Placeholder text of GitHub's "Security policy" template, left as is. */
const GITHUB_SECURITY_TEMPLATE = /Use this section to tell people about which versions of your project are\s+currently being supported/i;

function firstContentLine(text: string, isContent: (l: string) => boolean): number | undefined {
  const i = text.split(/\r?\n/).findIndex(isContent);
  return i >= 0 ? i + 1 : undefined;
}

export function collectRepoFiles(file: FileEntry, text: string): Finding[] {
  const path = file.path;
  const kind = kindOf(file);
  switch (kind) {
    case 'codeowners': {
      // A rule is a pattern followed by at least one owner; a bare pattern removes ownership.
      const rules = text.split(/\r?\n/).map((l, i) => ({ l: l.replace(/(^|\s)#.*$/, '').trim(), i })).filter(({ l }) => l !== '' && !l.startsWith('[') && !l.startsWith('^['));
      const owned = rules.filter(({ l }) => /^\S+\s+(?:@[\w.-]+(?:\/[\w.-]+)?|[^\s@]+@[^\s@]+)/.test(l));
      const first = owned[0] ? owned[0].i + 1 : undefined;
      const catchAll = owned.some(({ l }) => /^\*\s/.test(l) || /^\/\*{1,2}\s/.test(l));
      return [{ kind, path, line: first ?? 1, excerpt: excerptAt(text, first), data: { rules: owned.length, catchAll } }];
    }
    case 'security': {
      const words = text.replace(/<!--[\s\S]*?-->/g, '').split(/\r?\n/).filter((l) => l.trim() !== '' && !/^\s*#/.test(l));
      const template = GITHUB_SECURITY_TEMPLATE.test(text);
      const line = firstContentLine(text, (l) => l.trim() !== '' && !/^\s*#/.test(l));
      return [{ kind, path, line: line ?? 1, excerpt: excerptAt(text, line), data: { chars: words.join(' ').trim().length, template, reporting: /report|disclos|vulnerab|security@|advisor/i.test(text) } }];
    }
    case 'license': {
      const name = LICENSE_NAMES.find((n) => n.re.test(text))?.name ?? null;
      const line = firstContentLine(text, (l) => l.trim() !== '');
      return [{ kind, path, line: line ?? 1, excerpt: excerptAt(text, line), data: { chars: text.trim().length, name } }];
    }
    case 'manifest': {
      const decl = manifestLicense(file.base, text);
      return decl ? [{ kind: 'manifest-license', path, line: decl.line, excerpt: excerptAt(text, decl.line), data: { license: sanitizeLine(decl.value, 80) } }] : [];
    }
    default:
      return [];
  }
}

function manifestLicense(base: string, text: string): { value: string; line: number } | null {
  const lineOf = (re: RegExp) => {
    const m = re.exec(text);
    return m ? { value: m[1] ?? '', line: text.slice(0, m.index).split('\n').length } : null;
  };
  if (base === 'package.json' || base === 'composer.json') {
    try {
      const j = JSON.parse(text) as unknown;
      if (!isRecord(j)) return null;
      const lic = j['license'] ?? (Array.isArray(j['licenses']) ? (j['licenses'][0] as Record<string, unknown> | undefined)?.['type'] : undefined);
      const value = typeof lic === 'string' ? lic : isRecord(lic) && typeof lic['type'] === 'string' ? lic['type'] : null;
      if (!value) return null;
      return { value, line: lineOf(/"licen[sc]es?"\s*:/)?.line ?? 1 };
    } catch {
      return null;
    }
  }
  if (base === 'pom.xml') return lineOf(/<licenses>[\s\S]*?<name>\s*([^<]+?)\s*<\/name>/);
  // TOML / setup.cfg: `license = "MIT"`, `license = { text = "MIT" }`, `license = MIT`.
  return lineOf(/^\s*license\s*=\s*(?:\{[^}]*?(?:text|file)\s*=\s*)?["']?([^"'\n}]+)/m);
}

function evaluateCodeowners(input: EvaluateInput): Signal {
  const id = 'deps.codeowners';
  const files = input.findings.filter((f) => f.kind === 'codeowners');
  const good = files.filter((f) => Number(f.data?.['rules']) > 0);
  if (good.length > 0) {
    const f = good[0] as Finding;
    const catchAll = f.data?.['catchAll'] === true;
    return {
      id,
      status: 'pass',
      summary: `CODEOWNERS assigns owners (${String(f.data?.['rules'])} rule${Number(f.data?.['rules']) === 1 ? '' : 's'}${catchAll ? ', with a catch-all' : ', no catch-all `*` rule'})`,
      confidence: 'high',
      evidence: good.map((g) => evidenceOf(input, g, `${plural(Number(g.data?.['rules']), 'ownership rule')}`)),
      details: { rules: Number(f.data?.['rules']), catch_all: catchAll },
    };
  }
  if (files.length > 0) {
    return { id, status: 'fail', summary: 'CODEOWNERS exists but assigns no owner', confidence: 'high', evidence: files.map((f) => evidenceOf(input, f, 'only comments or patterns without owners')) };
  }
  return { id, status: 'fail', summary: 'no CODEOWNERS file', confidence: 'high', evidence: [absenceEvidence('looked for CODEOWNERS, .github/CODEOWNERS, docs/CODEOWNERS')] };
}

function evaluateSecurity(input: EvaluateInput): Signal {
  const id = 'repo.security-policy';
  const files = input.findings.filter((f) => f.kind === 'security');
  const real = files.filter((f) => Number(f.data?.['chars']) >= 40 && f.data?.['template'] !== true);
  if (real.length > 0) {
    const reporting = real.some((f) => f.data?.['reporting'] === true);
    return {
      id,
      status: 'pass',
      summary: reporting ? 'security policy with a reporting route' : 'security policy present (no reporting route spotted)',
      confidence: reporting ? 'high' : 'medium',
      evidence: real.map((f) => evidenceOf(input, f)),
    };
  }
  if (files.length > 0) {
    return {
      id,
      status: 'fail',
      summary: 'SECURITY.md is empty or still the GitHub template',
      confidence: 'high',
      evidence: files.map((f) => evidenceOf(input, f, f.data?.['template'] === true ? 'unedited GitHub template' : 'no content beyond headings')),
    };
  }
  return { id, status: 'fail', summary: 'no security policy (SECURITY.md)', confidence: 'high', evidence: [absenceEvidence('looked for SECURITY.md in the root, .github/ and docs/')] };
}

function evaluateLicense(input: EvaluateInput): Signal {
  const id = 'repo.license';
  const files = input.findings.filter((f) => f.kind === 'license');
  const real = files.filter((f) => Number(f.data?.['chars']) > 0);
  const names = [...new Set(real.map((f) => f.data?.['name']).filter((n): n is string => typeof n === 'string'))];
  if (real.length > 0) {
    return {
      id,
      status: 'pass',
      summary: `licence file present${names.length ? ` (${names.join(', ')})` : ' (licence not recognised)'}`,
      confidence: 'high',
      evidence: real.map((f) => evidenceOf(input, f, typeof f.data?.['name'] === 'string' ? String(f.data['name']) : undefined)),
      details: { licenses: names },
    };
  }
  const decl = input.findings.filter((f) => f.kind === 'manifest-license');
  if (decl.length > 0 && files.length === 0) {
    // repo.license asks for a file: npm and PyPI publish a manifest field, but a reader
    // of the repository (and most licence scanners) look for LICENSE.
    return {
      id,
      status: 'fail',
      summary: `no licence file; a manifest declares ${[...new Set(decl.map((f) => String(f.data?.['license'])))].join(', ')} — add a LICENSE file with that text`,
      confidence: 'high',
      evidence: decl.map((f) => evidenceOf(input, f, 'manifest licence field, no LICENSE file')),
      details: { manifest_licenses: [...new Set(decl.map((f) => String(f.data?.['license'])))] },
    };
  }
  const ev: Evidence[] = files.length
    ? files.map((f) => evidenceOf(input, f, 'empty licence file'))
    : [absenceEvidence('looked for LICENSE, LICENCE, COPYING (any extension) in the root and a licence field in root manifests')];
  return { id, status: 'fail', summary: files.length ? 'licence file is empty' : 'no licence file', confidence: 'high', evidence: ev };
}

export const repoFilesDetector: Detector = {
  id: 'repo-files',
  signals: [
    { id: 'deps.codeowners', title: 'Code owners', passWhen: 'a CODEOWNERS file assigns owners' },
    { id: 'repo.security-policy', title: 'Security policy', passWhen: 'a security policy (SECURITY.md) exists' },
    { id: 'repo.license', title: 'Licence', passWhen: 'a licence file exists (a manifest `license` field alone fails, with that hint)' },
  ],
  selects: (f) => kindOf(f) !== null,
  collect: collectRepoFiles,
  evaluate: (input) => [evaluateCodeowners(input), evaluateSecurity(input), evaluateLicense(input)],
};
