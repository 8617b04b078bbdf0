import type { Detector, SignalMeta } from '../types.js';
import { createUsageDetector, usageSignal } from './usage/detector.js';
import type { CodePattern, Lib } from './usage/spec.js';

const META: SignalMeta = { id: 'config.env-validation', title: 'Validated environment configuration', passWhen: 'environment configuration is validated by a schema at start-up' };

const LIBS: Lib[] = [
  { name: 'envalid', npm: ['envalid'] },
  { name: 't3-env', npm: ['@t3-oss/env-core', '@t3-oss/env-nextjs', '@t3-oss/env-nuxt'] },
  { name: 'env-schema', npm: ['env-schema', '@fastify/env'] },
  { name: 'convict', npm: ['convict'] },
  { name: 'znv', npm: ['znv'] },
  { name: 'env-var', npm: ['env-var'] },
  { name: 'vite-plugin-validate-env', npm: ['@julr/vite-plugin-validate-env'] },
  { name: '@nestjs/config with validation', npm: ['@nestjs/config'], broad: true, requires: 'nest-validation-schema' },
  { name: 'pydantic-settings', pypi: ['pydantic-settings'] },
  { name: 'pydantic BaseSettings (v1)', pypi: ['pydantic'], py: ['pydantic.BaseSettings', 'pydantic.env_settings'], broad: true },
  { name: 'environs', pypi: ['environs'] },
  { name: 'django-environ', pypi: ['django-environ'], py: ['environ'] },
  { name: 'dynaconf validators', pypi: ['dynaconf'], requires: 'dynaconf-validator' },
  { name: 'python-decouple', pypi: ['python-decouple'], py: ['decouple'], weak: true },
  { name: 'envconfig', go: ['github.com/kelseyhightower/envconfig', 'github.com/sethvargo/go-envconfig', 'github.com/vrischmann/envconfig'] },
  { name: 'caarlos0/env', go: ['github.com/caarlos0/env'] },
  { name: 'cleanenv', go: ['github.com/ilyakaznacheev/cleanenv'] },
  { name: 'go-env', go: ['github.com/Netflix/go-env'] },
  { name: 'viper/koanf (no schema)', go: ['github.com/spf13/viper', 'github.com/knadh/koanf'], weak: true },
  { name: 'hoplite', maven: ['com.sksamuel.hoplite:*'], jvm: ['com.sksamuel.hoplite'] },
];

const ENV_READ = { group: 'envread', langs: ['js', 'py', 'go', 'java', 'kotlin'] as const };

const PATTERNS: CodePattern[] = [
  { id: 'schema-parses-env', label: 'schema.parse(process.env)', code: true, langs: ['js'], literal: ['process.env', 'import.meta.env'],
    regex: /\.(safeParse|parse|parseAsync|validate|validateSync|cast)\(\s*(process\.env|import\.meta\.env)\s*[,)]|\b(parse|safeParse)\(\s*\w+\s*,\s*(process\.env|import\.meta\.env)\s*\)|\bcreateEnv\(|\bcleanEnv\(\s*process\.env/ },
  { id: 'nest-validation-schema', group: 'aux', label: 'ConfigModule validationSchema/validate', langs: ['js'], literal: ['validationSchema', 'validate'], regex: /\bvalidationSchema\s*:|ConfigModule\.forRoot\(\{[^}]*\bvalidate\s*[:,]/ },
  { id: 'dynaconf-validator', group: 'aux', label: 'dynaconf Validator', langs: ['py'], literal: ['Validator('], regex: /\bValidator\(/ },
  { id: 'spring-validated-properties', label: '@ConfigurationProperties + @Validated', langs: ['java', 'kotlin'], literal: ['@ConfigurationProperties'], regex: /@ConfigurationProperties\b/, fileAlso: /@Validated\b/ },
  { id: 'quarkus-config-mapping', label: '@ConfigMapping', langs: ['java', 'kotlin'], literal: ['@ConfigMapping'], regex: /@ConfigMapping\b/ },
  // Where configuration is read: decides fail (read unvalidated) versus not_applicable (never read).
  // Code only: a build script's `define: { 'process.env.NODE_ENV': … }` or a log message naming a variable reads nothing.
  // Nor does a build mode the bundler fills in (`process.env.NODE_ENV`, Vite's `import.meta.env.DEV`): that is not configuration.
  { id: 'env-read', label: 'environment read', ...ENV_READ, code: true, literal: ['process.env', 'import.meta.env', 'environ', 'getenv', 'Getenv', 'LookupEnv', '@Value'],
    regex: /\bprocess\.env\b(?!\.NODE_ENV\b)|\bimport\.meta\.env\b(?!\.(?:DEV|PROD|MODE|SSR|BASE_URL)\b)|\bos\.environ\b|\bos\.getenv\(|\bos\.(Getenv|LookupEnv)\(|\bSystem\.getenv\(|@Value\(\s*"\$\{/ },
];

export const envValidationDetector: Detector = createUsageDetector({
  id: 'env-validation',
  signals: [META],
  libs: LIBS,
  patterns: PATTERNS,
  evaluate(ctx) {
    const reads = ctx.usage('envread').patterns;
    return [
      usageSignal(ctx, {
        meta: META,
        what: 'environment schema validation',
        looked: 'envalid, t3-env, zod/joi over process.env, convict, pydantic-settings, environs, envconfig, caarlos0/env, @ConfigurationProperties + @Validated, …',
        absent: reads.length > 0
          ? { status: 'fail', summary: `environment read in ${new Set(reads.map((r) => r.path)).size} file(s) without a validating schema`, evidence: reads.slice(0, 5).map((r) => ctx.evidence(r, 'read without schema')) }
          : { status: 'not_applicable', summary: 'no environment configuration read by application code', confidence: 'medium' },
      }),
    ];
  },
});
