import { describe, expect, it } from 'vitest';
import { decodeAssessmentText } from '../../source/assessment/migrate.js';
import { serializeAssessment } from '../../source/assessment/serialize.js';
import { stripRemoteCredentials } from '../../source/util/remote-url.js';
import { assessment, checklist, question } from '../helpers/builders.js';

describe('remote credentials never reach the assessment file', () => {
  it('strips userinfo from URL remotes and tokens from scp-like ones', () => {
    expect(stripRemoteCredentials('https://deploy:s3cr3tT0ken@git.example.com/acme/app.git')).toBe('https://git.example.com/acme/app.git');
    expect(stripRemoteCredentials('https://x-access-token:ghs_abc@github.com/a/b')).toBe('https://github.com/a/b');
    expect(stripRemoteCredentials('git@github.com:acme/app.git')).toBe('git@github.com:acme/app.git');
    expect(stripRemoteCredentials('user:tok3n@host:acme/app.git')).toBe('user@host:acme/app.git');
  });

  it('serialising an assessment built with a credentialed remote drops the credentials', () => {
    const a = assessment(checklist([question('a.b')]));
    const raw = { ...a, repository: { ...a.repository, remote: 'https://deploy:s3cr3tT0ken@git.example.com/acme/app.git' } };
    const text = serializeAssessment(raw);
    expect(text).not.toContain('s3cr3tT0ken');
    expect(text).toContain('https://git.example.com/acme/app.git');
  });

  it('loading a hand-edited file normalises the remote as a save would, so load → save → load is stable', () => {
    const a = assessment(checklist([question('a.b')]));
    const text = serializeAssessment(a);
    for (const remote of ['https://deploy:s3cr3tT0ken@git.example.com/acme/app.git', 'git@example.com:acme/app.gi\t']) {
      const edited = JSON.stringify({ ...JSON.parse(text), repository: { ...a.repository, remote } });
      const loaded = decodeAssessmentText(edited).assessment;
      expect(loaded.repository.remote).not.toContain('s3cr3tT0ken');
      expect(loaded.repository.remote).not.toMatch(/\s$/);
      expect(decodeAssessmentText(serializeAssessment(loaded)).assessment).toEqual(loaded);
    }
  });
});
