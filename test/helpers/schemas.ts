import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { Log } from 'sarif';
import { CONTRACTS } from '../../source/contract/registry.js';
import { packageRoot } from '../../source/util/package-root.js';

// ajv-formats is CommonJS: under NodeNext its default import is the module object.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;

let sarif: ValidateFunction | undefined;
/** The real SARIF 2.1.0 schema (draft-04; see test/fixtures/sarif/README.md). */
export function sarifValidator(): ValidateFunction {
  if (sarif) return sarif;
  const schema = JSON.parse(readFileSync(path.join(packageRoot(), 'test/fixtures/sarif/sarif-schema-2.1.0-rtm.5.json'), 'utf8')) as Record<string, unknown>;
  const { id, $schema: _drop, ...rest } = schema;
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, unicodeRegExp: false });
  addFormats(ajv);
  return (sarif = ajv.compile({ ...rest, $id: id as string }));
}

const contractValidators = new Map<string, ValidateFunction>();
/** The shipped JSON Schema (schemas/*.schema.json, as in the package) of a shipshape JSON format. */
export function contractValidator(format: string): ValidateFunction {
  let v = contractValidators.get(format);
  if (v) return v;
  const c = CONTRACTS.find((x) => x.format === format);
  if (!c) throw new Error(`no contract for ${format}`);
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats(ajv as unknown as Ajv);
  v = ajv.compile(JSON.parse(readFileSync(path.join(packageRoot(), 'schemas', c.file), 'utf8')) as object);
  contractValidators.set(format, v);
  return v;
}

/** Validation errors of a JSON output against its own schema, chosen by its `format` field ([] when valid). */
export function contractErrors(output: unknown): string[] {
  const format = (output as { format?: unknown }).format;
  if (typeof format !== 'string') return ['no format field'];
  const v = contractValidator(format);
  return v(output) ? [] : (v.errors ?? []).slice(0, 5).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}

/**
 * GitHub code scanning's documented ingestion rules (docs: "SARIF support for code
 * scanning", and its limits table), as checks on a log. Each string names a broken
 * rule; [] when the log follows all of them.
 */
export function githubIngestionProblems(log: Log): string[] {
  const problems: string[] = [];
  const p = (s: string) => problems.push(s);
  if (log.$schema !== 'https://json.schemastore.org/sarif-2.1.0.json') p('$schema is not the 2.1.0 schema URI');
  if (log.version !== '2.1.0') p('version is not 2.1.0');
  if (!Array.isArray(log.runs) || log.runs.length === 0 || log.runs.length > 20) p('runs: 1 to 20 required');
  for (const run of log.runs ?? []) {
    const d = run.tool?.driver;
    if (!d?.name) p('tool.driver.name required');
    if (d?.semanticVersion !== undefined && !/^\d+\.\d+\.\d+/.test(d.semanticVersion)) p('semanticVersion is not semver');
    const rules = d?.rules ?? [];
    if (!Array.isArray(d?.rules)) p('tool.driver.rules[] required');
    if (rules.length > 25_000) p('more than 25,000 rules');
    const ids = new Set<string>();
    for (const r of rules) {
      const where = `rule ${r.id}`;
      if (!r.id) p('rule id required');
      if (ids.has(r.id)) p(`${where}: duplicate id`);
      ids.add(r.id);
      if (r.name !== undefined && r.name.length > 255) p(`${where}: name over 255 characters`);
      for (const key of ['shortDescription', 'fullDescription'] as const) {
        const text = r[key]?.text;
        if (!text) p(`${where}: ${key}.text required (non-empty)`);
        else if (text.length > 1024) p(`${where}: ${key}.text over 1024 characters`);
      }
      if (!r.help?.text) p(`${where}: help.text required`);
      if (!r.help?.markdown) p(`${where}: help.markdown recommended and missing`);
      const level = r.defaultConfiguration?.level;
      if (level !== undefined && !['note', 'warning', 'error'].includes(level)) p(`${where}: defaultConfiguration.level must be note, warning or error`);
      const props = (r.properties ?? {}) as Record<string, unknown>;
      const tags = props.tags;
      if (tags !== undefined && (!Array.isArray(tags) || tags.some((t) => typeof t !== 'string'))) p(`${where}: tags must be strings`);
      if (Array.isArray(tags) && tags.length > 20) p(`${where}: more than 20 tags (rejected)`);
      if (Array.isArray(tags) && tags.length > 10) p(`${where}: more than 10 tags (only 10 shown)`);
      if (!['very-high', 'high', 'medium', 'low'].includes(props.precision as string)) p(`${where}: precision (recommended) missing or not very-high/high/medium/low`);
      const sev = props['security-severity'];
      if (sev !== undefined) {
        const n = typeof sev === 'string' ? Number(sev) : NaN;
        if (typeof sev !== 'string' || !(n > 0 && n <= 10)) p(`${where}: security-severity must be a string number in (0, 10]`);
        if (!Array.isArray(tags) || !tags.includes('security')) p(`${where}: security-severity without the security tag`);
      } else if (props['problem.severity'] === undefined) p(`${where}: neither security-severity nor problem.severity`);
      const ps = props['problem.severity'];
      if (ps !== undefined && !['error', 'warning', 'recommendation'].includes(ps as string)) p(`${where}: problem.severity must be error, warning or recommendation`);
    }
    const results = run.results;
    if (!Array.isArray(results)) {
      p('results[] required');
      continue;
    }
    if (results.length > 25_000) p('more than 25,000 results');
    const seen = new Set<string>();
    for (const [i, res] of results.entries()) {
      const where = `result ${i} (${res.ruleId})`;
      if (!res.ruleId || !ids.has(res.ruleId)) p(`${where}: ruleId must name a rule`);
      if (res.ruleIndex !== undefined && rules[res.ruleIndex]?.id !== res.ruleId) p(`${where}: ruleIndex does not point at its rule`);
      if (!res.message?.text) p(`${where}: message.text required`);
      if (res.level !== undefined && !['note', 'warning', 'error', 'none'].includes(res.level)) p(`${where}: bad level`);
      const locs = res.locations ?? [];
      if (locs.length === 0) p(`${where}: at least one location required to be shown`);
      if (locs.length > 10) p(`${where}: more than 10 locations`);
      const pl = locs[0]?.physicalLocation;
      const uri = pl?.artifactLocation?.uri;
      if (!uri) p(`${where}: artifactLocation.uri required`);
      else {
        if (/^[a-z][a-z0-9+.-]*:/i.test(uri) || uri.startsWith('/')) p(`${where}: uri should be relative to the repository root (${uri})`);
        if (uri.endsWith('/') || uri === '.' || uri === '') p(`${where}: a directory is not a location (${uri})`);
        if (pl?.artifactLocation?.uriBaseId && !run.originalUriBaseIds?.[pl.artifactLocation.uriBaseId]) p(`${where}: uriBaseId ${pl.artifactLocation.uriBaseId} not in originalUriBaseIds`);
      }
      if (!(typeof pl?.region?.startLine === 'number' && pl.region.startLine >= 1)) p(`${where}: region.startLine required (>= 1)`);
      const fp = res.partialFingerprints?.primaryLocationLineHash;
      if (typeof fp !== 'string' || fp === '') p(`${where}: partialFingerprints.primaryLocationLineHash required (the only key code scanning uses)`);
      const key = `${res.ruleId}\0${uri}\0${fp}`;
      if (seen.has(key)) p(`${where}: fingerprint collides with another result of its rule and file (alerts would merge)`);
      seen.add(key);
    }
    const id = run.automationDetails?.id;
    if (id !== undefined && !id.includes('/')) p('automationDetails.id has no category (no "/")');
  }
  return problems;
}
