import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../source/util/package-root.js';

/**
 * The package as npm ships it: a self-contained bundle with nothing to install
 * beside it, no source maps, no install script, the schemas and an SBOM of what the
 * bundle holds. (Install size and time are measured outside the suite; see README.)
 */

const root = packageRoot();
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as Record<string, unknown> & { scripts: Record<string, string>; devDependencies: Record<string, string> };

describe('the package', () => {
  it('declares one runtime dependency (the native JS/TS parser, which cannot be bundled) and no install-time script, and says where it lives', () => {
    expect(Object.keys((pkg.dependencies ?? {}) as Record<string, string>)).toEqual(['oxc-parser']);
    expect((pkg.dependencies as Record<string, string>)['oxc-parser']).toMatch(/^\d+\.\d+\.\d+$/);
    for (const s of ['preinstall', 'install', 'postinstall', 'prepare']) expect(pkg.scripts[s], s).toBeUndefined();
    expect(pkg.repository).toMatchObject({ type: 'git', url: expect.stringMatching(/^git\+https:\/\//) });
    expect(pkg.bugs).toMatchObject({ url: expect.stringMatching(/^https:\/\//) });
    expect(pkg.homepage).toMatch(/^https:\/\//);
    // The required libraries stay in the project (bundled from devDependencies).
    for (const name of ['ink', 'react', 'ink-select-input', 'conf', 'marked-terminal', 'ink-testing-library']) expect(pkg.devDependencies[name], name).toMatch(/^\d+\.\d+\.\d+$/);
    // 4.7.9 fixed the published advisories against 4.7.8.
    const [major, minor, patch] = pkg.devDependencies.handlebars!.split('.').map(Number);
    expect(major! * 10_000 + minor! * 100 + patch!).toBeGreaterThanOrEqual(40_709);
  });

  it('packs without source maps, with the bundle, schemas and SBOM', () => {
    const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const [info] = JSON.parse(out) as { size: number; unpackedSize: number; files: { path: string }[] }[];
    const files = info!.files.map((f) => f.path);
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    expect(files).toEqual(expect.arrayContaining(['dist/cli.js', 'dist/engine-worker.js', 'dist/sbom.cdx.json', 'schemas/scan.schema.json', 'checklists/ai-production-readiness.yaml', 'templates/dossier.md.hbs']));
    expect(files.some((f) => f.startsWith('source/') || f.startsWith('test/'))).toBe(false);
    expect(info!.size).toBeLessThan(3 * 1024 * 1024);
  });

  it('the bundle imports nothing but Node built-ins, its declared runtime dependency (and optional packages behind DEV=true)', () => {
    const optional = new Set(['react-devtools-core', 'bufferutil', 'utf-8-validate', ...Object.keys((pkg.dependencies ?? {}) as Record<string, string>)]);
    const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
    const dist = path.join(root, 'dist');
    const foreign = new Set<string>();
    for (const file of readdirSync(dist).filter((f) => f.endsWith('.js'))) {
      const text = readFileSync(path.join(dist, file), 'utf8');
      for (const m of text.matchAll(/(?:\bfrom\s*|\bimport\(\s*|\brequire\(\s*)"([@a-z][\w./@-]*)"/g)) {
        const spec = m[1]!;
        if (!builtins.has(spec) && !optional.has(spec)) foreign.add(`${file}: ${spec}`);
      }
    }
    expect([...foreign]).toEqual([]);
  });

  it('ships a CycloneDX SBOM of exactly the bundled packages', () => {
    const sbom = JSON.parse(readFileSync(path.join(root, 'dist', 'sbom.cdx.json'), 'utf8')) as {
      bomFormat: string;
      specVersion: string;
      serialNumber: string;
      metadata: { component: { name: string; version: string } };
      components: { name: string; group?: string; version: string; purl: string; licenses?: { expression: string }[] }[];
    };
    expect(sbom).toMatchObject({ bomFormat: 'CycloneDX', specVersion: '1.6', metadata: { component: { name: 'shipshape', version: pkg.version } } });
    expect(sbom.serialNumber).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
    const names = sbom.components.map((c) => (c.group ? `${c.group}/${c.name}` : c.name));
    expect(names).toEqual(expect.arrayContaining(['ink', 'react', 'conf', 'marked-terminal', 'handlebars', 'zod', 'yaml', 'commander', 'oxc-parser']));
    // Test and build tools are not in the bundle, so not in its SBOM.
    for (const dev of ['vitest', 'esbuild', 'typescript', 'ink-testing-library', 'ajv']) expect(names).not.toContain(dev);
    expect(sbom.components.find((c) => c.name === 'handlebars')?.version).toBe(pkg.devDependencies.handlebars);
    expect(new Set(sbom.components.map((c) => c.purl)).size).toBe(sbom.components.length);
    for (const c of sbom.components) expect(c.purl).toBe(`pkg:npm/${c.group ? `%40${c.group.slice(1)}/` : ''}${c.name}@${c.version}`);
  });
});
