import { describe, expect, it } from 'vitest';
import { applicability } from '../../source/assessment/applicability.js';
import type { Scope } from '../../source/checklist/scope.js';

const scope: Scope = { tier: 'customer-facing', data: ['personal'], ai: false, frameworks: ['soc2', 'gdpr'] };

describe('applicability', () => {
  it('applies without applies_when', () => {
    expect(applicability(scope, undefined)).toEqual({ applies: true });
    expect(applicability(scope, {})).toEqual({ applies: true });
  });

  it('matches lists as any-of', () => {
    expect(applicability(scope, { data: ['health', 'personal'] })).toEqual({ applies: true });
    expect(applicability(scope, { tier: ['customer-facing', 'business-critical'] })).toEqual({ applies: true });
    expect(applicability(scope, { frameworks: ['hipaa', 'gdpr'] })).toEqual({ applies: true });
  });

  it('explains a data mismatch in plain words', () => {
    expect(applicability(scope, { data: ['health'] })).toEqual({ applies: false, reason: 'applies only when the service handles health data' });
    expect(applicability(scope, { data: ['health', 'cardholder'] })).toEqual({
      applies: false,
      reason: 'applies only when the service handles health data or cardholder data',
    });
  });

  it('explains tier, ai and framework mismatches', () => {
    expect(applicability(scope, { tier: ['business-critical'] })).toEqual({ applies: false, reason: 'applies only to business-critical services' });
    expect(applicability(scope, { ai: true })).toEqual({ applies: false, reason: 'applies only when the service calls AI models' });
    expect(applicability({ ...scope, ai: true }, { ai: false })).toEqual({ applies: false, reason: 'applies only when the service does not call AI models' });
    expect(applicability(scope, { frameworks: ['hipaa', 'pci-dss'] })).toEqual({
      applies: false,
      reason: 'applies only when HIPAA Security Rule or PCI DSS v4.0 is in scope',
    });
  });

  it('requires every present key to match, and names each that does not', () => {
    expect(applicability(scope, { data: ['personal'], ai: true })).toEqual({ applies: false, reason: 'applies only when the service calls AI models' });
    const r = applicability(scope, { data: ['health'], ai: true });
    expect(r.applies).toBe(false);
    if (!r.applies) expect(r.reason).toBe('applies only when the service handles health data; applies only when the service calls AI models');
  });

  it('an empty data list in scope matches no data condition', () => {
    expect(applicability({ ...scope, data: [] }, { data: ['personal'] }).applies).toBe(false);
  });
});
