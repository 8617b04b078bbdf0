import { describe, expect, it } from 'vitest';
import { repoFilesDetector } from '../../source/detect/detectors/repo-files.js';
import { runDetector } from '../helpers/detector-harness.js';

const MIT = 'MIT License\n\nCopyright (c) 2024 Acme\n\nPermission is hereby granted, free of charge, to any person obtaining a copy\n';

describe('repo-files detector', () => {
  it('passes CODEOWNERS with a rule, SECURITY.md with content, LICENSE with a known licence', async () => {
    const s = await runDetector(repoFilesDetector, {
      '.github/CODEOWNERS': '# owners\n\n*       @acme/platform\n/infra/ @acme/sre ops@acme.example\n',
      'SECURITY.md': '# Security Policy\n\nPlease report vulnerabilities to security@acme.example; we answer within 2 business days.\n',
      LICENSE: MIT,
    });
    expect(s.get('deps.codeowners')).toMatchObject({ status: 'pass', details: { rules: 2, catch_all: true } });
    expect(s.get('deps.codeowners')?.evidence[0]).toMatchObject({ path: '.github/CODEOWNERS', line: 3 });
    expect(s.get('repo.security-policy')).toMatchObject({ status: 'pass', confidence: 'high' });
    expect(s.get('repo.license')).toMatchObject({ status: 'pass', details: { licenses: ['MIT'] } });
  });

  it('fails comment-only CODEOWNERS, a template SECURITY.md and an empty LICENSE', async () => {
    const s = await runDetector(repoFilesDetector, {
      CODEOWNERS: '# * @someone\n/docs/\n',
      'docs/SECURITY.md': '# Security Policy\n\n## Supported Versions\n\nUse this section to tell people about which versions of your project are\ncurrently being supported with security updates.\n',
      'LICENSE.txt': '   \n',
    });
    expect(s.get('deps.codeowners')?.status).toBe('fail');
    expect(s.get('repo.security-policy')?.status).toBe('fail');
    expect(s.get('repo.security-policy')?.evidence[0]?.note).toMatch(/template/);
    expect(s.get('repo.license')?.status).toBe('fail');
  });

  it('fails with absence evidence when nothing exists; nested files do not count', async () => {
    const s = await runDetector(repoFilesDetector, { 'README.md': '# x', 'vendor/lib/LICENSE': MIT, 'pkg/SECURITY.md': 'Report to x@y.z please, thank you kindly.' });
    for (const id of ['deps.codeowners', 'repo.security-policy', 'repo.license']) {
      expect(s.get(id)?.status).toBe('fail');
      expect(s.get(id)?.evidence[0]?.path).toBe('.');
    }
  });

  it('fails a manifest licence field alone (repo.license asks for a file), naming the declared licence', async () => {
    const s = await runDetector(repoFilesDetector, { 'package.json': '{\n  "name": "x",\n  "license": "Apache-2.0"\n}\n' });
    expect(s.get('repo.license')).toMatchObject({ status: 'fail' });
    expect(s.get('repo.license')?.summary).toMatch(/no licence file.*Apache-2\.0.*add a LICENSE file/);
    expect(s.get('repo.license')?.evidence[0]?.line).toBe(3);
    const both = await runDetector(repoFilesDetector, { 'package.json': '{"license": "MIT"}', LICENSE: 'MIT License\n\nPermission is hereby granted, free of charge\n' });
    expect(both.get('repo.license')?.status).toBe('pass');
    const py = await runDetector(repoFilesDetector, { 'pyproject.toml': '[project]\nname = "x"\nlicense = { text = "MIT" }\n' });
    expect(py.get('repo.license')?.summary).toContain('MIT');
  });
});
