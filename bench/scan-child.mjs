// Runs one scan with the built engine in a fresh process and prints what it measured.
// Usage: node bench/scan-child.mjs <bundle dir> <root> <workers: auto|0|2> [<cache dir>|off]
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { pathToFileURL } from 'node:url';

const [distDir, root, workers = 'auto', cache = 'off'] = process.argv.slice(2);
const { runScan } = await import(pathToFileURL(path.resolve(distDir, 'engine.js')).href);
const t0 = performance.now();
const deps = { ...(workers === 'auto' ? {} : { workers: Number(workers) }), ...(cache === 'off' ? {} : { cacheDir: cache }) };
const report = await runScan(root, {}, deps);
const ms = performance.now() - t0;
const secrets = report.result.signals.find((s) => s.id === 'secrets.hardcoded');
process.stdout.write(
  `${JSON.stringify({
    ms,
    maxRssKb: process.resourceUsage().maxRSS,
    filesScanned: report.result.files_scanned,
    filesRead: report.stats.filesRead,
    filesFromCache: report.stats.filesFromCache ?? 0,
    bytesRead: report.stats.bytesRead,
    workers: report.stats.workers,
    secretsEvidence: secrets ? (secrets.details?.evidence_total ?? secrets.evidence.length) : null,
    failing: report.result.signals.filter((s) => s.status === 'fail').map((s) => s.id),
  })}\n`,
);
