import { describe, expect, it } from 'vitest';
import { loadHome, loadWizard } from '../../source/session/load-ui.js';

describe('loading the terminal UI', () => {
  it('puts the global fetch back after hiding it from yoga while the UI modules load', async () => {
    const before = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
    expect(before).toBeDefined();
    expect(typeof (await loadWizard()).runWizard).toBe('function');
    expect(typeof (await loadHome()).showHome).toBe('function');
    expect(Object.getOwnPropertyDescriptor(globalThis, 'fetch')).toEqual(before);
    expect(typeof globalThis.fetch).toBe('function');
  });
});
