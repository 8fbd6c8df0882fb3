// Charts as inline SVG, drawn from the API's numbers: no library, nothing fetched, styled by console.css classes.

import { s, h, percent } from './dom.js';

const WIDTH = 640;
const LABEL = 200; // room for the row labels on the left (feature names are long)
const VALUE = 160; // room for the value (and its interval) on the right
const ROW = 26;
const PLOT = WIDTH - LABEL - VALUE;

function frame(title, rows, extraHeight = 0) {
  const height = rows * ROW + 24 + extraHeight;
  return s('svg', { viewBox: `0 0 ${WIDTH} ${height}`, role: 'img', 'aria-label': title, class: 'svg-chart' }, s('title', {}, title));
}

function figure(title, svg, note) {
  return h('figure', { class: 'chart' }, h('figcaption', {}, title), svg, note ? h('p', { class: 'hint' }, note) : null);
}

function scale(min, max) {
  const span = max - min || 1;
  return (value) => LABEL + ((value - min) / span) * PLOT;
}

function axis(svg, x, min, max, format, height) {
  for (const tick of [min, (min + max) / 2, max]) {
    svg.append(s('line', { x1: x(tick), x2: x(tick), y1: 4, y2: height - 18, class: 'grid' }));
    svg.append(s('text', { x: x(tick), y: height - 4, class: 'tick', 'text-anchor': 'middle' }, format(tick)));
  }
}

/** The stable/canary split as one bar; shadows are listed below it (they see copies of the stable's traffic). */
export function splitChart(plan) {
  const canary = plan.canary ? plan.canaryPercent : 0;
  const svg = s('svg', { viewBox: `0 0 ${WIDTH} 56`, role: 'img', class: 'svg-chart', 'aria-label': `traffic split: stable ${100 - canary} %, canary ${canary} %` },
    s('title', {}, `Traffic split: stable ${plan.stable ?? 'none'} ${100 - canary} %, canary ${plan.canary ?? 'none'} ${canary} %`));
  const stableWidth = (WIDTH * (100 - canary)) / 100;
  svg.append(s('rect', { x: 0, y: 4, width: stableWidth, height: 30, class: 'arm-stable' }));
  svg.append(s('rect', { x: stableWidth, y: 4, width: WIDTH - stableWidth, height: 30, class: 'arm-canary' }));
  svg.append(s('text', { x: 6, y: 50, class: 'label' }, `stable ${plan.stable ?? '–'} · ${100 - canary} %`));
  if (plan.canary) svg.append(s('text', { x: WIDTH - 6, y: 50, class: 'label', 'text-anchor': 'end' }, `canary ${plan.canary} · ${canary} %`));
  const shadows = plan.shadow && plan.shadow.length ? `Shadows (scored on copies, never served): ${plan.shadow.join(', ')}` : 'No shadows.';
  return figure('Traffic split', svg, shadows);
}

/**
 * Point estimates with their 95 % intervals, one row each: rows are { label, value, low, high, kind }.
 * With zero = true the axis is centred on 0 and a line marks it (a difference whose interval crosses it is not significant).
 */
export function intervalChart(title, rows, format, zero = false) {
  const lows = rows.map((r) => r.low);
  const highs = rows.map((r) => r.high);
  let min = zero ? Math.min(0, ...lows) : 0;
  let max = Math.max(zero ? 0 : 0.01, ...highs);
  if (zero) { const bound = Math.max(Math.abs(min), Math.abs(max), 0.01); min = -bound; max = bound; }
  const svg = frame(title, rows.length);
  const height = rows.length * ROW + 24;
  const x = scale(min, max);
  axis(svg, x, min, max, format, height);
  if (zero) svg.append(s('line', { x1: x(0), x2: x(0), y1: 2, y2: height - 18, class: 'zero' }));
  rows.forEach((row, i) => {
    const y = 6 + i * ROW + ROW / 2;
    svg.append(s('text', { x: LABEL - 8, y: y + 4, class: 'label', 'text-anchor': 'end' }, row.label));
    svg.append(s('line', { x1: x(row.low), x2: x(row.high), y1: y, y2: y, class: `interval ${row.kind}` }));
    for (const end of [row.low, row.high]) svg.append(s('line', { x1: x(end), x2: x(end), y1: y - 6, y2: y + 6, class: `interval ${row.kind}` }));
    svg.append(s('circle', { cx: x(row.value), cy: y, r: 5, class: `point ${row.kind}` }));
    svg.append(s('text', { x: WIDTH - 2, y: y + 4, class: 'value', 'text-anchor': 'end' }, `${format(row.value)} [${format(row.low)}, ${format(row.high)}]`));
  });
  return figure(title, svg);
}

/** Horizontal bars, one row each: rows are { label, value, kind }; the axis reaches at least <floor>. */
export function barChart(title, rows, format, note, floor = 1) {
  const max = Math.max(floor, ...rows.map((r) => r.value));
  const svg = frame(title, rows.length);
  const height = rows.length * ROW + 24;
  const x = scale(0, max);
  axis(svg, x, 0, max, format, height);
  rows.forEach((row, i) => {
    const y = 6 + i * ROW;
    svg.append(s('text', { x: LABEL - 8, y: y + ROW / 2 + 4, class: 'label', 'text-anchor': 'end' }, row.label));
    svg.append(s('rect', { x: LABEL, y: y + 3, width: Math.max(1, x(row.value) - LABEL), height: ROW - 8, class: `bar ${row.kind}` }));
    svg.append(s('text', { x: WIDTH - 4, y: y + ROW / 2 + 4, class: 'value', 'text-anchor': 'end' }, format(row.value)));
  });
  return figure(title, svg, note);
}

/** PSI per feature, with the lines where drift becomes moderate (0.1) and significant (0.25). */
export function psiChart(title, drift) {
  const rows = drift.map((d) => ({ label: d.feature, value: d.psi, kind: `drift-${d.level}` }));
  const max = Math.max(0.3, ...rows.map((r) => r.value * 1.1));
  const svg = frame(title, rows.length);
  const height = rows.length * ROW + 24;
  const x = scale(0, max);
  axis(svg, x, 0, max, (v) => v.toFixed(2), height);
  rows.forEach((row, i) => {
    const y = 6 + i * ROW;
    svg.append(s('text', { x: LABEL - 8, y: y + ROW / 2 + 4, class: 'label', 'text-anchor': 'end' }, row.label));
    svg.append(s('rect', { x: LABEL, y: y + 3, width: Math.max(1, x(row.value) - LABEL), height: ROW - 8, class: `bar ${row.kind}` }));
    svg.append(s('text', { x: WIDTH - 4, y: y + ROW / 2 + 4, class: 'value', 'text-anchor': 'end' }, row.value.toFixed(3)));
  });
  for (const [threshold, kind] of [[0.1, 'moderate'], [0.25, 'significant']]) {
    svg.append(s('line', { x1: x(threshold), x2: x(threshold), y1: 2, y2: height - 18, class: `threshold threshold-${kind}` }));
  }
  return figure(title, svg, 'PSI below 0.1: no drift; 0.1 or more: moderate; 0.25 or more: significant.');
}

export const formats = {
  ctr: (v) => percent(v, 1),
  ms: (v) => `${v.toFixed(v < 10 ? 2 : 0)} ms`,
  rate: (v) => percent(v, 2),
  count: (v) => Math.round(v).toLocaleString('en'),
};
