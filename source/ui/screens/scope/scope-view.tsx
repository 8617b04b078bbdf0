import { Box } from 'ink';
import { inferAiScope } from '../../../assessment/ai-scope.js';
import { DATA_CLASSES, FRAMEWORK_LABELS, FRAMEWORKS, TIERS } from '../../../checklist/scope.js';
import { Lines, line, seg, type Line } from '../../components/lines.js';
import { SelectList } from '../../components/select-list.js';
import { applicableQuestions } from '../../state/derive.js';
import type { ScreenProps } from '../screen.js';
import { AI_ROWS, SCOPE_GROUPS } from './scope-state.js';

const TIER_WORDS: Record<string, string> = { internal: 'internal tool', 'customer-facing': 'customer-facing', 'business-critical': 'business-critical' };
const DATA_WORDS: Record<string, string> = { personal: 'personal data', health: 'health data', cardholder: 'cardholder data', 'third-party-secrets': "other parties' secrets", none: 'none of these' };

/** Four groups; only the focused one is expanded so the screen fits 80×24 with room to spare. */
export function ScopeView({ state, height }: ScreenProps) {
  const d = state.scope;
  const inferred = state.scan.result ? inferAiScope(state.scan.result.signals) : null;
  const rows: { label: string; on: boolean; radio: boolean }[][] = [
    TIERS.map((t) => ({ label: TIER_WORDS[t] ?? t, on: d.tier === t, radio: true })),
    DATA_CLASSES.map((c) => ({ label: DATA_WORDS[c] ?? c, on: d.data.includes(c), radio: false })),
    AI_ROWS.map((v) => ({ label: v ? 'yes, it calls AI models' : 'no', on: d.ai === v, radio: true })),
    FRAMEWORKS.map((f) => ({ label: `${f} — ${FRAMEWORK_LABELS[f]}`, on: d.frameworks.includes(f), radio: false })),
  ];
  const summary = [
    TIER_WORDS[d.tier] ?? d.tier,
    d.data.length ? d.data.map((c) => DATA_WORDS[c] ?? c).join(', ') : '(none chosen)',
    d.ai ? 'yes' : 'no',
    d.frameworks.length ? d.frameworks.join(', ') : '(none)',
  ];
  const preview = applicableQuestions({ checklist: state.checklist, assessment: { ...state.assessment, scope: { tier: d.tier, data: d.data, ai: d.ai, frameworks: d.frameworks } } }).length;
  const top: Line[] = [line(seg('Scope of the review', { bold: true }), seg(`  ${preview} of ${state.checklist.questions.length} questions apply`, { dim: true })), []];
  const bottom: Line[] = [];
  const groupLine = (title: string, g: number) => line(seg(d.group === g ? '▸ ' : '  '), seg(`${title}: `, { bold: d.group === g }), seg(summary[g] ?? '', { tone: 'cyan' }));
  SCOPE_GROUPS.forEach((title, g) => {
    // The focused group's title heads its list of choices; the groups after it follow the list.
    (g <= d.group ? top : bottom).push(groupLine(title, g));
  });
  const choices = rows[d.group]!.map((r, i) => ({ key: `${d.group}:${i}`, line: line(seg('  '), seg(`${r.radio ? (r.on ? '(•)' : '( )') : r.on ? '[x]' : '[ ]'} ${r.label}`, { mark: true })) }));
  const note: Line[] = [];
  if (d.group === 2 && inferred) {
    note.push(line(seg(`    pre-filled: ${inferred.words}${d.aiTouched ? ' (you changed it)' : ''}`, { dim: true })));
  } else if (d.group === 2 && state.scan.status === 'running') {
    note.push(line(seg('    the scan is still looking for model calls…', { dim: true })));
  }
  bottom.push([], line(seg(state.scan.status === 'running' ? 'Scanning in the background…' : state.scan.status === 'done' ? 'Scan finished.' : 'Scan failed.', { dim: true })));
  const room = Math.max(1, height - top.length - note.length - bottom.length);
  return (
    <Box flexDirection="column">
      <Lines lines={top} />
      <SelectList rows={choices} cursor={d.cursor[d.group] ?? 0} height={room} />
      <Lines lines={[...note, ...bottom]} />
    </Box>
  );
}
