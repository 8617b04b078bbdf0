import { describe, expect, it } from 'vitest';
import { loadHome, loadWizard, withoutFetch } from '../../source/session/load-ui.js';

describe('loading the terminal UI', () => {
  it('puts the global fetch back after hiding it from yoga while the UI modules load', async () => {
    const before = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
    expect(before).toBeDefined();
    expect(typeof (await loadWizard()).runWizard).toBe('function');
    expect(typeof (await loadHome()).showHome).toBe('function');
    expect(Object.getOwnPropertyDescriptor(globalThis, 'fetch')).toEqual(before);
    expect(typeof globalThis.fetch).toBe('function');
  });

  it('overlapping and failing loads still leave fetch as it was', async () => {
    const before = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
    const seen: string[] = [];
    let release!: () => void;
    const slow = withoutFetch(() => new Promise<void>((r) => (release = r)));
    const failing = withoutFetch(async () => {
      seen.push(typeof globalThis.fetch);
      throw new Error('import failed');
    });
    await expect(failing).rejects.toThrow('import failed');
    // The slow load is still running: fetch stays hidden for it.
    expect(typeof globalThis.fetch).toBe('undefined');
    release();
    await slow;
    expect(seen).toEqual(['undefined']);
    expect(Object.getOwnPropertyDescriptor(globalThis, 'fetch')).toEqual(before);
    await Promise.all([loadWizard(), loadHome()]);
    expect(typeof globalThis.fetch).toBe('function');
  });
});
