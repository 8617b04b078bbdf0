import type { AppliesWhen, Question } from '../checklist/schema.js';
import { FRAMEWORK_LABELS, type DataClass, type Scope, type Tier } from '../checklist/scope.js';

/**
 * Scope decides which questions are asked. A question applies when every key
 * present in its `applies_when` matches the assessment's scope (lists: any of).
 * An out-of-scope question is shown as n/a with the reason in plain words; the
 * reason is computed each time, never stored as if someone had answered it.
 */

export type Applicability = { applies: true } | { applies: false; reason: string };

const TIER_WORDS: Record<Tier, string> = {
  internal: 'internal tools',
  'customer-facing': 'customer-facing services',
  'business-critical': 'business-critical services',
};

const DATA_WORDS: Record<DataClass, string> = {
  personal: 'personal data',
  health: 'health data',
  cardholder: 'cardholder data',
  'third-party-secrets': "other parties' secrets",
  none: 'no sensitive data',
};

function anyOf(words: string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;
}

export function applicability(scope: Scope, when: AppliesWhen | undefined): Applicability {
  if (!when) return { applies: true };
  const reasons: string[] = [];
  if (when.tier && !when.tier.includes(scope.tier)) {
    reasons.push(`applies only to ${anyOf(when.tier.map((t) => TIER_WORDS[t]))}`);
  }
  if (when.data && !when.data.some((d) => scope.data.includes(d))) {
    reasons.push(`applies only when the service handles ${anyOf(when.data.map((d) => DATA_WORDS[d]))}`);
  }
  if (when.ai !== undefined && when.ai !== scope.ai) {
    reasons.push(when.ai ? 'applies only when the service calls AI models' : 'applies only when the service does not call AI models');
  }
  if (when.frameworks && !when.frameworks.some((f) => scope.frameworks.includes(f))) {
    reasons.push(`applies only when ${anyOf(when.frameworks.map((f) => FRAMEWORK_LABELS[f]))} is in scope`);
  }
  return reasons.length === 0 ? { applies: true } : { applies: false, reason: reasons.join('; ') };
}

export function questionApplicability(scope: Scope, question: Question): Applicability {
  return applicability(scope, question.applies_when);
}
