// The live report of one model: per-arm charts, the CTR difference, drift, and the guardrails' verdict.

import { h, fill, percent } from './dom.js';
import { barChart, intervalChart, psiChart, formats } from './charts.js';

const VERDICTS = {
  within_bounds: 'Within bounds',
  insufficient_sample: 'Not enough traffic to judge yet',
  breach: 'Breach: the canary is being rolled back',
};

const arm = (v) => `${v.variant} ${v.version}`;

function verdict(guardrails) {
  if (!guardrails) return h('p', { class: 'verdict verdict-none', id: 'verdict-text' }, 'No canary: nothing for the guardrails to judge.');
  return h('div', { class: `verdict verdict-${guardrails.verdict}`, id: 'verdict-text' },
    h('strong', {}, `Guardrails: ${VERDICTS[guardrails.verdict] ?? guardrails.verdict}`),
    h('span', {}, ` — ${guardrails.reason}`));
}

function ctrCharts(report) {
  const rows = report.variants.map((v) => ({ label: arm(v), value: v.ctr.value, low: v.ctr.low, high: v.ctr.high, kind: `arm-${v.variant}` }));
  const charts = [intervalChart('Click-through rate with 95 % interval', rows, formats.ctr)];
  const d = report.ctrDifference;
  if (d) charts.push(intervalChart('CTR difference, canary − stable, with 95 % interval', [{ label: 'canary − stable', value: d.value, low: d.low, high: d.high, kind: 'arm-difference' }], formats.ctr, true));
  return charts;
}

function servingCharts(variants) {
  const latency = variants.flatMap((v) => [
    { label: `${arm(v)} p50`, value: v.p50Ms, kind: `arm-${v.variant}` },
    { label: `${arm(v)} p99`, value: v.p99Ms, kind: `arm-${v.variant} p99` },
  ]);
  const rates = variants.flatMap((v) => [
    { label: `${arm(v)} errors`, value: v.errorRate, kind: `arm-${v.variant}` },
    { label: `${arm(v)} fallbacks`, value: v.fallbackRate, kind: `arm-${v.variant} p99` },
  ]);
  const requests = variants.map((v) => ({ label: arm(v), value: v.requests, kind: `arm-${v.variant}` }));
  return [
    barChart('Requests', requests, formats.count, 'Shadows score copies of the stable\'s requests.'),
    barChart('Latency', latency, formats.ms, 'p50 and p99 per arm.', 0.1),
    barChart('Error and fallback rates', rates, formats.rate, null, 0.01),
  ];
}

function driftCharts(variants) {
  return variants.filter((v) => v.drift && v.drift.length)
    .map((v) => psiChart(`Input drift (PSI) of ${arm(v)}`, v.drift));
}

function summaryTable(variants) {
  return h('table', { class: 'compact' },
    h('caption', {}, 'Per arm'),
    h('thead', {}, h('tr', {}, ['Arm', 'Requests', 'Impressions', 'Clicks', 'CTR', 'Score PSI'].map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, variants.map((v) => h('tr', {},
      h('th', { scope: 'row' }, arm(v)), h('td', {}, formats.count(v.requests)), h('td', {}, formats.count(v.impressions)),
      h('td', {}, formats.count(v.clicks)), h('td', {}, percent(v.ctr.value, 2)),
      h('td', {}, v.scorePsi === null || v.scorePsi === undefined ? '–' : v.scorePsi.toFixed(3))))));
}

export function renderReport(report) {
  fill('verdict', verdict(report.guardrails));
  if (!report.variants.length) {
    fill('report', h('p', {}, 'No traffic reported yet.'));
    return;
  }
  fill('report', ...ctrCharts(report), ...servingCharts(report.variants), ...driftCharts(report.variants), summaryTable(report.variants));
}

export function renderReportMissing(text) {
  fill('verdict');
  fill('report', h('p', { class: 'hint' }, text));
}
