#!/usr/bin/env node
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { MAX_WAIVER_DAYS_LIMIT } from './assessment/limits.js';
import { EXIT_USAGE, UsageError, processIO, type CommandIO } from './runtime/io.js';
import { guardStdio } from './runtime/stdio.js';
// Commands load on demand: start-up pays only for the command that runs.
import type { AggregateOptions } from './commands/aggregate.js';
import type { CheckOptions } from './commands/check.js';
import type { OutputOptions } from './commands/outputs.js';
import type { ScanCommandOptions } from './commands/scan.js';
import type { HistoryOptions } from './commands/history.js';
import type { ReportCommandOptions } from './commands/report.js';
import type { VerifyCommandOptions } from './commands/verify.js';
import type { DiffCommandOptions } from './commands/diff.js';
import type { StartOptions } from './commands/start.js';
import type { ResumeOptions } from './commands/resume.js';
import { toolVersion } from './util/package-root.js';
import { fsErrorWords, isFsError, isNotWritable } from './util/fs-errors.js';
import { sanitizePath } from './util/sanitize.js';

/**
 * The command line. Each command is a function in commands/ taking parsed options
 * and an injected IO, returning an exit code; this file only wires commander to them.
 */
const FORMATS_FINDINGS = ['table', 'json', 'sarif', 'md', 'github', 'codequality'] as const;

export function buildProgram(io: CommandIO, setExit: (code: number) => void): Command {
  const program = new Command('shipshape')
    .description('Production-readiness review for AI-assisted repositories: detect, answer, and write an evidence-backed readiness dossier.')
    .version(toolVersion(), '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    })
    .exitOverride();

  const run = (fn: () => number | Promise<number>) => async () => setExit(await fn());
  // --no-color on any command: the command sees NO_COLOR, as if the environment had said it.
  const ioFor = (opts: { color?: boolean }): CommandIO => (opts.color === false ? { ...io, env: { ...io.env, NO_COLOR: '1' } } : io);

  const scan = program
    .command('scan')
    .description('run the detectors only (no questions) and print the signals with their evidence')
    .argument('[dir]', 'repository (or a directory in it) to scan', '.');
  outputOptions(scan, FORMATS_FINDINGS, 'table');
  scan
    .option('--list-signals', 'list every signal id and what it means')
    .option('--no-cache', 'read every file again (by default files git reports unchanged since the last scan reuse what it found)')
    .option('--history', 'also look for secrets in git history (removed since)')
    .option('--checklist <id|file>', 'checklist whose questions give signals their severity (default: ai-production-readiness)')
    .option('--baseline <file>', 'earlier scan JSON or SARIF: its findings are marked unchanged, the rest new')
    .option('--write-baseline <file>', 'write this run\'s findings as a baseline file')
    .addOption(new Option('--exit-code <n>', 'exit with n when a counted finding (a new one, with --baseline) is reported (default: 0, findings are facts)').argParser(exitCode))
    .addOption(new Option('--max-file-size <bytes>', 'skip files larger than this').argParser(positiveInt))
    .addOption(new Option('--history-depth <commits>', 'commits examined for history signals').argParser(positiveInt))
    .addOption(new Option('--workers <count>', 'worker threads that read files beside the main thread: 0, a number, or auto (one when a core is idle, past 16 MB of text)').default('auto').argParser(workerCount))
    .action((dir: string, opts: ScanCommandOptions & { color?: boolean }) => run(async () => (await import('./commands/scan.js')).runScanCommand(dir, opts, ioFor(opts)))());

  const report = program
    .command('report')
    .description('write the readiness dossier (markdown), or the report as JSON or SARIF')
    .argument('[file]', 'assessment file (default: the most recent .shipshape/*.json)');
  outputOptions(report, ['md', 'json', 'sarif'], 'md', 'where the main format goes (- for stdout; default: next to the assessment)');
  report
    .option('--template <file>', 'your own Handlebars dossier template')
    .option('--checklist <file>', 'checklist to use if the pinned one cannot be found')
    .option('--no-scan', 'do not re-scan the repository for fresh metadata')
    .action((file: string | undefined, opts: ReportCommandOptions & { color?: boolean }) => run(async () => (await import('./commands/report.js')).runReportCommand(file, opts, ioFor(opts)))());

  const verify = program
    .command('verify')
    .description("recheck a dossier's evidence digests against the repository (exit 1 when anything changed)")
    .argument('<dossier>', 'dossier markdown file written by shipshape report');
  outputOptions(verify, ['table', 'json'], 'table');
  verify
    .option('--repo <dir>', 'repository to recheck against (default: the parent of .shipshape/, else the current directory)')
    .action((dossier: string, opts: VerifyCommandOptions & { color?: boolean }) => run(async () => (await import('./commands/verify.js')).runVerifyCommand(dossier, opts, ioFor(opts)))());

  const diff = program
    .command('diff')
    .description('compare two assessments: what improved, what regressed, what is new')
    .argument('<old>', 'earlier assessment (or report JSON)')
    .argument('<new>', 'later assessment (or report JSON)');
  outputOptions(diff, ['md', 'json'], 'md');
  diff
    .option('--checklist <file>', 'checklist to use if the pinned one cannot be found')
    .action((oldFile: string, newFile: string, opts: DiffCommandOptions & { color?: boolean }) => run(async () => (await import('./commands/diff.js')).runDiffCommand(oldFile, newFile, opts, ioFor(opts)))());

  const check = program
    .command('check')
    .description('CI gate: re-scan, reconcile the saved assessment and apply the policy (exit 0 pass, 1 fail, 2 bad input)')
    .argument('[assessment]', 'assessment file (default: the most recent .shipshape/*.json; none: detection only)');
  outputOptions(check, FORMATS_FINDINGS, 'table');
  check
    .option('--repo <dir>', 'repository to check (default: the one holding the assessment, else the current directory)')
    .option('--no-cache', 'read every file again (by default files git reports unchanged since the last scan reuse what it found)')
    .addOption(new Option('--fail-on <severity>', 'fail on gaps at or above this severity').choices(['blocker', 'high', 'medium']))
    .option('--policy <file>', 'policy YAML (default: .shipshape/policy.yaml when present)')
    .option('--allow-unknown', '"unknown" answers warn instead of failing (never on a blocker)')
    .option('--allow-unanswered', 'unanswered questions warn instead of failing')
    .option('--stale-fails', 'answers whose evidence changed since they were given fail the gate')
    .addOption(new Option('--max-waiver-days <days>', `waivers longer than this are not honoured (1 to ${MAX_WAIVER_DAYS_LIMIT})`).argParser(waiverDays))
    .option('--checklist <id|file>', 'checklist to use when there is no saved assessment')
    .option('--baseline <file>', 'earlier check JSON or SARIF (or --write-baseline file): failures it already holds only warn')
    .option('--write-baseline <file>', 'write this run\'s findings as a baseline file')
    .addOption(new Option('--exit-code <n>', 'exit code when the gate fails (default 1)').argParser(exitCode))
    .option('--soft-fail', 'report a failing gate but exit 0')
    .option('--record', 'append this run to .shipshape/history.jsonl (see `shipshape history`)')
    .action((file: string | undefined, opts: CheckOptions & { color?: boolean }) => run(async () => (await import('./commands/check.js')).runCheck(file, opts, ioFor(opts)))());

  const history = program.command('history').description('show the trend of recorded gate runs (shipshape check --record)');
  outputOptions(history, ['table', 'json'], 'table');
  history
    .option('--repo <dir>', 'repository (default: current directory)')
    .addOption(new Option('--limit <n>', 'show the last n runs').argParser(positiveInt).default(20))
    .action((opts: HistoryOptions & { color?: boolean }) => run(async () => (await import('./commands/history.js')).runHistory(opts, ioFor(opts)))());

  const aggregate = program
    .command('aggregate')
    .description("portfolio summary of many repositories' report or check JSON (per repository verdict, score, blockers, staleness; controls failing most)")
    .argument('<inputs...>', 'report or check JSON files, or directories holding them');
  outputOptions(aggregate, ['md', 'json'], 'md');
  aggregate
    .addOption(new Option('--stale-days <n>', 'an assessment older than this is stale').argParser(positiveInt).default(90))
    .action((inputs: string[], opts: AggregateOptions & { color?: boolean }) => run(async () => (await import('./commands/aggregate.js')).runAggregate(inputs, opts, ioFor(opts)))());

  const version = program.command('version').description('print the version (and, as JSON, every output format and its schema)');
  outputOptions(version, ['table', 'json'], 'table');
  version.action((opts: OutputOptions & { color?: boolean }) => run(async () => (await import('./commands/version.js')).runVersion(opts, ioFor(opts)))());

  program
    .command('start')
    .description('new assessment of a repository: scope, scan, then the wizard')
    .argument('[dir]', 'repository to review', '.')
    .option('--checklist <id|file>', 'checklist id or YAML file (default: preferences, else ai-production-readiness)')
    .option('--name <name>', 'assessment name; the file is .shipshape/<name>.json')
    .option('--no-cache', 'read every file again (by default files git reports unchanged since the last scan reuse what it found)')
    .action((dir: string, opts: StartOptions) => run(async () => (await import('./commands/start.js')).runStart(dir, opts, io))());

  program
    .command('resume')
    .description('continue a saved assessment (re-scans and flags what changed)')
    .argument('[file]', 'assessment file (default: the most recent .shipshape/*.json here)')
    .option('--checklist <file>', 'checklist to use if the pinned one cannot be found')
    .option('--no-cache', 'read every file again (by default files git reports unchanged since the last scan reuse what it found)')
    .action((file: string | undefined, opts: ResumeOptions) => run(async () => (await import('./commands/resume.js')).runResume(file, opts, io))());

  const checklist = program.command('checklist').description('list and validate checklists');
  const list = checklist.command('list').description('list the shipped checklists and those in .shipshape/checklists/ of the current repository');
  outputOptions(list, ['table', 'json'], 'table');
  list.action((opts: OutputOptions & { color?: boolean }) => run(async () => (await import('./commands/checklist.js')).checklistList(ioFor(opts), opts))());
  checklist
    .command('validate')
    .description('validate a checklist file (exit 2 with line-numbered errors when invalid)')
    .argument('<file>', 'checklist YAML file')
    .action((file: string) => run(async () => (await import('./commands/checklist.js')).checklistValidate(io, file))());
  checklist
    .command('schema')
    .description('print the JSON Schema for checklist files (for editors)')
    .option('-o, --output <file>', 'write it to a file (- for stdout)')
    .action((opts: OutputOptions) => run(async () => (await import('./commands/checklist.js')).checklistSchema(io, opts))());

  for (const cmd of allCommands(program)) {
    cmd.exitOverride().configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });
  }
  return program;
}

function allCommands(cmd: Command): Command[] {
  return [cmd, ...cmd.commands.flatMap(allCommands)];
}

/** The flags every command that writes output shares (commands/outputs.ts reads them). */
function outputOptions(cmd: Command, formats: readonly string[], fallback: string, outputHelp = 'where the main format goes (default: stdout)'): void {
  cmd
    .option('--format <format>', `${formats.join(', ')} (default ${fallback}); repeat as --format X=path to write more formats from one run`, collect)
    .option('-o, --output <file>', outputHelp);
  if (formats.includes('json')) cmd.option('--json', 'same as --format json');
  if (formats.includes('sarif')) cmd.option('--sarif', 'same as --format sarif');
  cmd.option('-q, --quiet', 'print only what a --format asked for, and errors').option('--no-color', 'no colour, whatever the terminal (as NO_COLOR)');
}

/** commander collector for the repeatable --format. */
function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

function exitCode(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 255) throw new InvalidArgumentError('expected a whole number from 0 to 255');
  return n;
}

function workerCount(value: string): number | 'auto' {
  if (value === 'auto') return 'auto';
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 64) throw new InvalidArgumentError('expected auto or a whole number from 0 to 64');
  return n;
}

function waiverDays(value: string): number {
  const n = positiveInt(value);
  if (n > MAX_WAIVER_DAYS_LIMIT) throw new InvalidArgumentError(`expected at most ${MAX_WAIVER_DAYS_LIMIT} days (ten years)`);
  return n;
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive whole number');
  return n;
}

export async function main(argv: string[], io: CommandIO = processIO()): Promise<number> {
  let code = 0;
  const program = buildProgram(io, (c) => (code = c));
  try {
    // No arguments: the interactive home screen (without a terminal it names the non-interactive commands).
    if (argv.length === 0) return await (await import('./commands/home.js')).runHome(io, {});
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version arrive as "errors" with exit code 0.
      if (error.exitCode === 0) return 0;
      const known = argv[0] !== undefined && program.commands.some((c) => c.name() === argv[0]);
      io.stderr.write(`(run \`shipshape ${known ? `${argv[0]} ` : ''}--help\` for usage)\n`);
      return EXIT_USAGE;
    }
    if (error instanceof UsageError) {
      io.stderr.write(`shipshape: ${error.message}\n`);
      return error.exitCode;
    }
    if (isFsError(error) && (isNotWritable(error) || error.code === 'ENOSPC' || error.code === 'EDQUOT')) {
      // A folder or disk that refuses: something the user can change, not a bug to report.
      const verb = error.syscall === 'mkdir' ? 'create' : error.syscall === 'open' ? 'open' : 'use';
      const remedy =
        error.code === 'ENOSPC' || error.code === 'EDQUOT' ? 'free some space and run it again' : error.code === 'EROFS' ? 'run shipshape on a writable copy' : 'check its permissions';
      io.stderr.write(`shipshape: cannot ${verb} ${sanitizePath(path.relative(io.cwd, error.path) || error.path)} (${fsErrorWords(error)}): ${remedy}\n`);
      return EXIT_USAGE;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`shipshape: unexpected error: ${message}\n`);
    if (io.env.SHIPSHAPE_DEBUG && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
    else io.stderr.write('Set SHIPSHAPE_DEBUG=1 to see the stack trace, and please report it.\n');
    return EXIT_USAGE;
  }
}


function isEntryPoint(): boolean {
  const invoked = process.argv[1];
  if (!invoked) return false;
  try {
    // npm's bin link is a symlink; compare real paths.
    return realpathSync(invoked) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  // A reader that stops early (`shipshape scan --json | head`) or a closed terminal window is not an error.
  guardStdio();
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    () => {
      process.exitCode = EXIT_USAGE;
    },
  );
}
