import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../assessment/atomic-write.js';
import { sanitizePath } from '../util/sanitize.js';
import { UsageError, type CommandIO } from '../runtime/io.js';
import { fsErrorWords, isNotWritable } from '../util/fs-errors.js';

/**
 * The output flags every command shares, as Trivy, Checkov and gitleaks users expect:
 * `--format X` picks what goes to stdout (or to `-o file`); `--format X=path`, which
 * may repeat, writes more formats from the same run; `--json`/`--sarif` stay as
 * aliases. One format at most goes to stdout.
 */

export const FORMATS = ['table', 'json', 'sarif', 'md', 'github', 'codequality'] as const;
export type OutputFormat = (typeof FORMATS)[number];

export interface OutputTarget {
  format: OutputFormat;
  /** Absolute path, or null for stdout. */
  file: string | null;
  /** The bare (or default) format, which -o places. */
  main?: boolean;
}

export interface OutputOptions {
  format?: string[] | string;
  output?: string;
  json?: boolean;
  sarif?: boolean;
  quiet?: boolean;
}

/**
 * The outputs a command was asked for. `fallback` is what stdout shows when no bare
 * format was given (the human view); with --quiet it is dropped, never an explicit one.
 */
export function resolveOutputs(opts: OutputOptions, allowed: readonly OutputFormat[], fallback: OutputFormat, cwd: string): OutputTarget[] {
  const specs = typeof opts.format === 'string' ? [opts.format] : [...(opts.format ?? [])];
  if (opts.json) specs.push('json');
  if (opts.sarif) specs.push('sarif');
  const targets: OutputTarget[] = [];
  let bare: OutputFormat | null = null;
  for (const spec of specs) {
    const eq = spec.indexOf('=');
    const name = (eq === -1 ? spec : spec.slice(0, eq)).trim();
    const where = eq === -1 ? null : spec.slice(eq + 1).trim();
    if (!(allowed as readonly string[]).includes(name)) {
      throw new UsageError(`unknown format "${sanitizePath(name)}"; this command writes ${allowed.join(', ')} (as --format X, or --format X=path for a file)`);
    }
    const format = name as OutputFormat;
    if (where === null) {
      if (bare !== null && bare !== format) throw new UsageError(`choose one format for stdout (got ${bare} and ${format}); write the others to files with --format ${format}=path`);
      bare = format;
    } else if (where === '') {
      throw new UsageError(`--format ${format}= needs a file path (or - for stdout)`);
    } else {
      targets.push({ format, file: where === '-' ? null : path.resolve(cwd, where) });
    }
  }
  const main = bare ?? (opts.quiet ? null : fallback);
  if (main !== null) {
    const file = opts.output === undefined || opts.output === '-' ? null : path.resolve(cwd, opts.output);
    targets.unshift({ format: main, file, main: true });
  } else if (opts.output !== undefined) {
    throw new UsageError('-o/--output names where the main format goes, but --quiet left none; add --format X, or use --format X=path');
  }
  if (targets.filter((t) => t.file === null).length > 1) throw new UsageError('only one format can go to stdout; give the others a file with --format X=path');
  const files = targets.flatMap((t) => (t.file ? [t.file] : []));
  const twice = files.find((f, i) => files.indexOf(f) !== i);
  if (twice) throw new UsageError(`${sanitizePath(path.relative(cwd, twice) || twice)} is named for two formats`);
  return targets;
}

export function wants(targets: readonly OutputTarget[], format: OutputFormat): boolean {
  return targets.some((t) => t.format === format);
}

/**
 * Render each asked-for format once and write it: files atomically (directories
 * created), stdout as is. A file that cannot be written is a usage error naming it.
 */
export async function writeOutputs(targets: readonly OutputTarget[], render: (format: OutputFormat) => string, io: CommandIO): Promise<void> {
  const rendered = new Map<OutputFormat, string>();
  const text = (f: OutputFormat) => {
    let t = rendered.get(f);
    if (t === undefined) rendered.set(f, (t = render(f)));
    return t;
  };
  for (const t of targets) {
    if (t.file === null) {
      io.stdout.write(text(t.format));
      continue;
    }
    try {
      await mkdir(path.dirname(t.file), { recursive: true });
      await writeFileAtomic(t.file, text(t.format));
    } catch (error) {
      const remedy = isNotWritable(error) ? 'make its folder writable or choose another path' : 'check the path and its folder';
      throw new UsageError(`cannot write ${sanitizePath(path.relative(io.cwd, t.file) || t.file)} (${fsErrorWords(error)}): ${remedy}`);
    }
  }
}
