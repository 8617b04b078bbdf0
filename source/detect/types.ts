/**
 * The detection contract. Detectors follow the OpenSSF Scorecard split: a pure,
 * per-file `collect` step gathers raw findings (serialisable, so it can run in a
 * worker), and an `evaluate` step turns all findings plus the file index into
 * signals. The engine knows no detector by name; each carries its own metadata.
 */

export type SignalStatus = 'pass' | 'fail' | 'unknown' | 'not_applicable';
export type Confidence = 'high' | 'medium' | 'low';

/** One piece of evidence. `excerpt` is always sanitised and, if secret-like, redacted. */
export interface Evidence {
  /** POSIX path relative to the scanned root. */
  path: string;
  line?: number;
  excerpt?: string;
  /** SHA-256 (hex) of the whole file as it was when scanned. Empty for synthetic evidence (e.g. a commit). */
  sha256: string;
  /** Short words on why this is evidence, e.g. "test fixture", "suppressed: rotated key". */
  note?: string;
  /** Set for history evidence: the commit it was found in. */
  commit?: string;
  /**
   * Severity of this one finding, where the detector can tell it apart from its
   * signal's (a live provider key is critical, a generic password medium). Output
   * formats (SARIF `security-severity`, dossier, annotations) prefer it to the rule's.
   */
  severity?: FindingSeverity;
  /**
   * Set when the evidence is shown but not counted by its signal: test fixtures,
   * test data in source paths, suppressed findings, values public by design. Output
   * formats report these at note level, never as errors.
   */
  apart?: ApartReason;
}

export type FindingSeverity = 'critical' | 'high' | 'medium' | 'low';
export type ApartReason = 'test-fixture' | 'test-data' | 'suppressed' | 'public';

export interface Signal {
  id: string;
  status: SignalStatus;
  /** One line a person can read. */
  summary: string;
  confidence: Confidence;
  evidence: Evidence[];
  /** Extra structured facts (counts, shares) for reports; values must be JSON-safe and secret-free. */
  details?: Record<string, unknown>;
}

/** What a detector declares about each signal it produces (listed by `scan --list-signals`). */
export interface SignalMeta {
  id: string;
  title: string;
  /** When the signal passes, in the words of shared/signals.md. */
  passWhen: string;
  /** Informational signals report presence, not a verdict. */
  informational?: boolean;
  /** Needs git history; `unknown` without a repository. */
  needsHistory?: boolean;
}

export interface FileEntry {
  /** POSIX path relative to root (may contain any characters the file system allowed). */
  path: string;
  /** Lower-cased base name. */
  base: string;
  /** Lower-cased extension including the dot, or '' */
  ext: string;
  /**
   * Bytes. The walk does not stat: the engine fills this from the file's read (or its
   * cached outcome, or a stat for a file no detector reads); NaN until then.
   */
  size: number;
  /** True when git lists the file as tracked (always true outside git). */
  tracked: boolean;
}

export type SkipReason =
  | 'gitignored'
  /** Listed in the repository's .shipshapeignore. */
  | 'excluded'
  | 'vendored'
  | 'binary'
  | 'too-large'
  | 'symlink-outside'
  | 'symlink-loop'
  | 'unreadable'
  | 'special-file';

export interface GitInfo {
  commit: string | null;
  branch: string | null;
  dirty: boolean;
  remote: string | null;
  /** Whether git lists tracked files (false when the tree is not a repository). */
  isRepository: boolean;
}

export interface CommitRecord {
  sha: string;
  parents: string[];
  authorName: string;
  authorEmail: string;
  committerName: string;
  committerEmail: string;
  date: string;
  subject: string;
  body: string;
}

/** Raw fact found in one file by one detector. Must be JSON-serialisable and secret-free. */
export interface Finding {
  /** Detector-defined kind, e.g. "sdk-import", "secret", "dockerfile-user". */
  kind: string;
  path: string;
  line?: number;
  /** Sanitised, redacted excerpt. */
  excerpt?: string;
  data?: Record<string, string | number | boolean | null>;
}

export interface FileIndex {
  root: string;
  files: FileEntry[];
  skipped: Partial<Record<SkipReason, number>>;
  /** A few examples per reason, for the report. Sanitised paths. */
  skippedExamples: Partial<Record<SkipReason, string[]>>;
}

export interface EvaluateInput {
  index: FileIndex;
  /** Findings this detector collected, in path order. */
  findings: Finding[];
  /** sha256 of each file that produced a finding (by path). */
  hashes: ReadonlyMap<string, string>;
  git: GitInfo;
  /** Present only when a detector declared `needsHistory` and the tree is a git repository. */
  history: CommitRecord[] | null;
  /** Options the user passed (e.g. --history). */
  options: ScanOptions;
  /** Read a file the detector did not select for `collect` (rare: e.g. .gitignore). Returns null when unreadable. */
  readText(path: string): string | null;
  /** Hash of any indexed file (reads it if needed). */
  hashOf(path: string): string;
  /**
   * Present only when the user passed `--history` and the tree is a git repository
   * with commits. Each call streams, commit by commit (newest first, at most
   * `options.historyDepth` commits, default 1000; merges show no patch), the lines
   * each commit ADDED, file by file: `{ commit, path, addedLines }`, where `path` is
   * relative to the scan root (POSIX) and `line` is the line number in that commit's
   * version of the file. Lines longer than 10,000 characters are cut. Built from
   * `git log -p --unified=0`, streamed: iterate it once and do not hold it all.
   * The text is raw repository content: redact and sanitise before it goes anywhere.
   * Consumed by the secrets detector for `secrets.history`.
   */
  historyPatches?: () => AsyncIterable<{ commit: string; path: string; addedLines: { line: number; text: string }[] }>;
}

export interface Detector {
  /** Stable detector id, e.g. "secrets", "dockerfile". */
  id: string;
  signals: readonly SignalMeta[];
  /** Path-only test: which indexed files this detector wants to read. Must be cheap. */
  selects(file: FileEntry): boolean;
  /**
   * Optional literal prefilter: `collect` is called only when the text contains at
   * least one of these (case-sensitive) substrings. Cheap check before regexes.
   */
  prefilter?: readonly string[];
  /** Pure: text of one selected file → findings. No I/O. */
  collect(file: FileEntry, text: string): Finding[];
  /**
   * Findings of one kind kept from one file (default engine-caps PER_FILE). A detector whose
   * findings are facts its evaluate joins (every dependency a manifest declares, every use of
   * a model's output) raises it: a cap meant for repeated evidence would drop facts.
   */
  keepPerFile?: number;
  /** All findings → signals (one per declared signal id). */
  evaluate(input: EvaluateInput): Signal[] | Promise<Signal[]>;
  /** Set when evaluate wants `history`. */
  needsHistory?: boolean;
}

export interface ScanOptions {
  /** Also scan git history for secrets removed since. */
  history?: boolean;
  /** Files larger than this are skipped (bytes). */
  maxFileSize?: number;
  /** Number of recent commits examined for provenance. */
  historyDepth?: number;
  onProgress?: (p: ScanProgress) => void;
}

export interface ScanProgress {
  phase: 'walk' | 'read' | 'evaluate' | 'done';
  filesWalked: number;
  filesRead: number;
  bytesRead: number;
  detectorsDone: number;
  detectorsTotal: number;
  elapsedMs: number;
}

export interface ScanResult {
  tool: 'shipshape';
  version: string;
  root: string;
  commit: string | null;
  branch: string | null;
  dirty: boolean;
  files_scanned: number;
  files_skipped: number;
  skipped_by_reason: Partial<Record<SkipReason, number>>;
  /** A few sanitised example paths per skip reason (a skipped directory counts once, shown with a trailing `/`). */
  skipped_examples?: Partial<Record<SkipReason, string[]>>;
  duration_ms: number;
  signals: Signal[];
}
