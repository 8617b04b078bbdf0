import * as z from 'zod';

/** Scope vocabulary shared by checklists (applies_when) and assessments (the scope profile). */
export const TIERS = ['internal', 'customer-facing', 'business-critical'] as const;
export const DATA_CLASSES = ['personal', 'health', 'cardholder', 'third-party-secrets', 'none'] as const;
export const FRAMEWORKS = ['soc2', 'hipaa', 'pci-dss', 'gdpr', 'nist-ai-rmf', 'owasp-llm', 'nist-ssdf'] as const;

export const FRAMEWORK_LABELS: Record<Framework, string> = {
  soc2: 'SOC 2 TSC',
  hipaa: 'HIPAA Security Rule',
  'pci-dss': 'PCI DSS v4.0',
  gdpr: 'GDPR',
  'nist-ai-rmf': 'NIST AI RMF 1.0 / AI 600-1',
  'owasp-llm': 'OWASP Top 10 for LLM 2025',
  'nist-ssdf': 'NIST SSDF (SP 800-218)',
};

export const TierSchema = z.enum(TIERS);
export const DataClassSchema = z.enum(DATA_CLASSES);
export const FrameworkSchema = z.enum(FRAMEWORKS);

export type Tier = z.infer<typeof TierSchema>;
export type DataClass = z.infer<typeof DataClassSchema>;
export type Framework = z.infer<typeof FrameworkSchema>;

/** The scope profile of one assessment. */
export const ScopeSchema = z
  .object({
    tier: TierSchema,
    data: z.array(DataClassSchema),
    ai: z.boolean(),
    frameworks: z.array(FrameworkSchema),
  })
  .strict();
export type Scope = z.infer<typeof ScopeSchema>;
