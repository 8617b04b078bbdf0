import { barRuns, chartMax, legendRuns, type BarChart, type Run } from '../../report/chart.js';
import { seg, type Line, type Seg } from './lines.js';

/**
 * The chart module's terminal form: its runs become the segments every screen
 * draws (a run's tone is one of the theme's tones), so colour follows the theme
 * and NO_COLOR leaves the glyphs, which tell the categories apart on their own.
 */

function runSegs(runs: readonly Run[]): Seg[] {
  return runs.map((r) => seg(r.text, { ...(r.tone && { tone: r.tone }), ...(r.dim && { dim: true }) }));
}

/** A bar `width` cells long on the chart's scale (or `scaleMax`). */
export function barSegs(chart: BarChart, counts: readonly number[], width: number, scaleMax = chartMax(chart)): Seg[] {
  return runSegs(barRuns(chart, counts, width, scaleMax));
}

export function legendLine(chart: BarChart): Line {
  return runSegs(legendRuns(chart));
}
