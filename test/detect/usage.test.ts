import { describe, expect, it } from 'vitest';
import { pathRole } from '../../source/detect/path-role.js';
import { extractImports } from '../../source/detect/detectors/usage/imports.js';
import { parseManifest } from '../../source/detect/detectors/usage/manifests.js';
import { mask } from '../../source/detect/detectors/usage/mask.js';

const entry = (path: string) => ({ path, base: path.split('/').pop()!.toLowerCase() });
const names = (path: string, text: string) => parseManifest(entry(path), text).map((d) => `${d.name}${d.dev ? ' (dev)' : ''}@${d.line}`);

describe('manifest parsing', () => {
  it('reads package.json dependencies and devDependencies with lines', () => {
    const text = '{\n  "name": "x",\n  "dependencies": {\n    "pino": "^9"\n  },\n  "devDependencies": {\n    "vitest": "4"\n  }\n}\n';
    expect(names('package.json', text)).toEqual(['pino@4', 'vitest (dev)@7']);
  });
  it('reads requirements.txt, skipping options, comments and URLs', () => {
    const text = '# deps\n-r base.txt\nsentry-sdk[fastapi]>=1.0 ; python_version>"3.8"\nFlask_Login==0.6\nhttps://x/y.whl\n';
    expect(names('requirements.txt', text)).toEqual(['sentry-sdk@3', 'flask-login@4']);
  });
  it('reads pyproject [project] arrays and poetry tables', () => {
    const text = [
      '[project]', 'name = "svc"', 'dependencies = [', '  "structlog>=24",', '  "fastapi",', ']',
      '[project.optional-dependencies]', 'dev = ["pytest"]',
      '[tool.poetry.dependencies]', 'python = "^3.12"', 'tenacity = "^8"',
      '[tool.poetry.group.dev.dependencies]', 'ruff = "*"',
    ].join('\n');
    expect(names('pyproject.toml', text)).toEqual(['structlog@4', 'fastapi@5', 'pytest (dev)@8', 'tenacity@11', 'ruff (dev)@13']);
  });
  it('does not end a pyproject array at a bracket inside an extra', () => {
    const text = '[project]\ndependencies = [\n  "uvicorn[standard]>=0.32",\n  "redis>=5",\n]\n';
    expect(names('pyproject.toml', text)).toEqual(['uvicorn@3', 'redis@4']);
  });
  it('reads Pipfile, setup.py and setup.cfg', () => {
    expect(names('Pipfile', '[packages]\nrequests = "*"\n[dev-packages]\npytest = "*"\n')).toEqual(['requests@2', 'pytest (dev)@4']);
    expect(names('setup.py', 'setup(\n  install_requires=[\n    "loguru>=0.7",\n  ],\n)\n')).toEqual(['loguru@3']);
    expect(names('setup.cfg', '[options]\ninstall_requires =\n    redis>=5\n    cachetools\n[options.extras_require]\n')).toEqual(['redis@3', 'cachetools@4']);
  });
  it('reads go.mod require blocks and ignores indirect requirements', () => {
    const text = 'module x\n\nrequire github.com/rs/zerolog v1.33.0\nrequire (\n\tgithub.com/gin-gonic/gin v1.10.0\n\tgithub.com/redis/go-redis/v9 v9.5.1 // indirect\n)\n';
    expect(names('go.mod', text)).toEqual(['github.com/rs/zerolog@3', 'github.com/gin-gonic/gin@5']);
  });
  it('reads pom.xml dependencies (test scope is dev; comments ignored) and gradle lines', () => {
    const pom = '<project>\n<dependencies>\n<!-- <dependency><groupId>io.sentry</groupId><artifactId>sentry</artifactId></dependency> -->\n<dependency>\n  <groupId>io.micrometer</groupId>\n  <artifactId>micrometer-registry-prometheus</artifactId>\n</dependency>\n<dependency><groupId>org.junit</groupId><artifactId>junit</artifactId><scope>test</scope></dependency>\n</dependencies>\n</project>\n';
    expect(names('pom.xml', pom)).toEqual(['io.micrometer:micrometer-registry-prometheus@6', 'org.junit:junit (dev)@8']);
    const gradle = 'dependencies {\n  implementation("org.springframework.boot:spring-boot-starter-web")\n  // implementation("io.sentry:sentry:7")\n  testImplementation \'org.mockito:mockito-core:5\'\n  implementation group: \'com.bucket4j\', name: \'bucket4j-core\', version: \'8\'\n}\n';
    expect(names('build.gradle.kts', gradle)).toEqual(['org.springframework.boot:spring-boot-starter-web@2', 'org.mockito:mockito-core (dev)@4', 'com.bucket4j:bucket4j-core@5']);
  });
  it('returns nothing for a broken manifest instead of throwing', () => {
    expect(names('package.json', '{ not json')).toEqual([]);
  });
});

describe('import extraction', () => {
  const mods = (text: string, lang: 'js' | 'py' | 'go' | 'java') => extractImports(mask(text, lang), lang).map((i) => `${i.module}@${i.line}`);
  it('finds JS imports, requires and dynamic imports but not commented ones', () => {
    const text = "import pino from 'pino';\n// import * as Sentry from '@sentry/node';\n/* require('winston') */\nconst x = require(\"ioredis\");\nexport { a } from './local';\nconst m = await import('openai');\nimport {\n  z,\n} from 'zod';\n";
    expect(mods(text, 'js')).toEqual(['pino@1', 'ioredis@4', 'openai@6', 'zod@9']);
  });
  it('finds Python imports, from-imports (with names) and skips comments', () => {
    const text = '# import sentry_sdk\nimport structlog, os\nfrom google import genai\nfrom . import local\n    import redis\n';
    expect(mods(text, 'py')).toEqual(['structlog@2', 'os@2', 'google@3', 'google.genai@3', 'redis@5']);
  });
  it('finds Go single and block imports', () => {
    const text = 'package main\n\nimport "fmt"\n\nimport (\n\t"log/slog"\n\t// "github.com/getsentry/sentry-go"\n\tzl "github.com/rs/zerolog"\n)\n';
    expect(mods(text, 'go')).toEqual(['fmt@3', 'log/slog@6', 'github.com/rs/zerolog@8']);
  });
  it('finds Java imports', () => {
    expect(mods('package a;\nimport io.sentry.Sentry;\n// import io.micrometer.core.instrument.Counter;\nimport static org.x.Y.z;\n', 'java')).toEqual(['io.sentry.Sentry@2', 'org.x.Y.z@4']);
  });
});

describe('path roles', () => {
  it('separates app, test and example code', () => {
    expect(pathRole('src/app.ts')).toBe('app');
    expect(pathRole('src/app.test.ts')).toBe('test');
    expect(pathRole('tests/test_api.py')).toBe('test');
    expect(pathRole('pkg/server_test.go')).toBe('test');
    expect(pathRole('src/test/java/a/AppTest.java')).toBe('test');
    expect(pathRole('examples/chat.py')).toBe('example');
    expect(pathRole('docs/snippets/openai.ts')).toBe('example');
    expect(pathRole('src/latest.ts')).toBe('app');
  });
});
