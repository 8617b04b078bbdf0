import type { Detector } from '../types.js';
import { ciDetector } from './ci.js';
import { githubActionsDetector } from './github-actions.js';
import { depsDetector } from './deps.js';
import { dockerfileDetector } from './dockerfile.js';
import { kubernetesDetector } from './kubernetes.js';
import { repoFilesDetector } from './repo-files.js';
import { terraformDetector } from './terraform.js';
import { aiProvenanceDetector } from './ai-provenance.js';
import { aiCommitsDetector } from './ai-commits.js';
import { secretsDetector, secretsEnvDetector } from './secrets/index.js';
import { authDetector } from './auth.js';
import { loggingDetector } from './logging.js';
import { observabilityDetector } from './observability.js';
import { llmDetector } from './llm/detector.js';
import { resilienceDetector } from './resilience.js';
import { healthDetector } from './health.js';
import { envValidationDetector } from './env-validation.js';
import { tokenStorageDetector } from './token-storage.js';
import { branchPushesDetector } from './branch-pushes.js';
import { supabaseRlsDetector } from './supabase-rls.js';

/**
 * Every detector shipped. The engine iterates this list and knows none of them by
 * name; adding a signal means adding (or extending) one detector module and its test.
 */
export const DETECTORS: readonly Detector[] = [
  ciDetector,
  githubActionsDetector,
  depsDetector,
  dockerfileDetector,
  kubernetesDetector,
  repoFilesDetector,
  terraformDetector,
  aiProvenanceDetector,
  aiCommitsDetector,
  secretsDetector,
  secretsEnvDetector,
  authDetector,
  loggingDetector,
  observabilityDetector,
  llmDetector,
  resilienceDetector,
  healthDetector,
  envValidationDetector,
  tokenStorageDetector,
  branchPushesDetector,
  supabaseRlsDetector,
];
