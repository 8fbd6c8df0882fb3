// User lookup: a user's live features, and a rank of typed-in candidates by the selected model with each item's explanation.

import { h, fill } from './dom.js';
import { barChart } from './charts.js';
import { describe } from './api.js';

function featureValue(value) {
  if (value === null || value === undefined) return '–';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toFixed(4);
  if (Array.isArray(value)) return value.map((entry) => entry.key ?? JSON.stringify(entry)).join(', ') || '–';
  if (typeof value === 'object') return Object.entries(value).map(([k, v]) => `${k} ${Number(v).toFixed(2)}`).join(', ') || '–';
  return String(value);
}

function featuresTable(answer) {
  return h('table', { id: 'lookup-features', class: 'compact' },
    h('caption', {}, `Features of ${answer.id} as of ${answer.asOf}`),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Feature'), h('th', { scope: 'col' }, 'Value'))),
    h('tbody', {}, Object.entries(answer.features).map(([name, value]) => h('tr', {}, h('th', { scope: 'row' }, name), h('td', {}, featureValue(value))))));
}

/** Why each item scored as it did: the features that moved its score most (occlusion against the training medians). */
function explanationTable(items) {
  const rows = items.flatMap((item) => (item.contributions ?? []).map((c) => h('tr', {},
    h('th', { scope: 'row' }, item.itemId), h('td', {}, c.feature), h('td', {}, featureValue(c.value)),
    h('td', {}, featureValue(c.reference)), h('td', {}, (c.contribution >= 0 ? '+' : '') + c.contribution.toFixed(4)))));
  if (!rows.length) return h('p', { id: 'lookup-explain' }, 'No explanation: a fallback answer, or no feature moved a score.');
  return h('table', { id: 'lookup-explain', class: 'compact' },
    h('caption', {}, 'Why: each item\'s score minus its score with the feature at its training median'),
    h('thead', {}, h('tr', {}, ...['Item', 'Feature', 'Value', 'Median', 'Contribution'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, rows));
}

function rankResult(answer) {
  const served = `${answer.model}@${answer.version ?? '–'} (${answer.variant})${answer.fallback ? `, fallback: ${answer.fallbackReason}` : ''}`;
  const rows = answer.items.map((item) => ({ label: item.itemId, value: item.score, kind: `arm-${answer.variant}` }));
  return h('div', { id: 'lookup-rank' },
    h('p', {}, `Served by ${served}.`),
    rows.length ? barChart('Scores, best first', rows, (v) => v.toFixed(3), null, 0.001) : h('p', {}, 'No items.'),
    explanationTable(answer.items));
}

/** Looks the user up, and ranks the candidates when some are given; each part reports its own error. */
async function lookUp(form, model, api) {
  const user = form.querySelector('#lookup-user').value.trim();
  const candidates = form.querySelector('#lookup-candidates').value.split(/[\s,]+/).filter(Boolean);
  if (!user) { fill('lookup-result', h('p', { class: 'error' }, 'Type a user id.')); return; }
  const parts = [];
  try {
    parts.push(featuresTable(await api.userFeatures(user)));
  } catch (error) {
    parts.push(h('p', { class: 'error' }, `Features: ${describe(error)}`));
  }
  if (candidates.length) {
    try {
      parts.push(rankResult(await api.rank({ userId: user, candidates, k: Math.min(candidates.length, 20), model, explain: true })));
    } catch (error) {
      parts.push(h('p', { class: 'error' }, `Rank: ${describe(error)}`));
    }
  }
  fill('lookup-result', ...parts);
}

export function renderLookup(model, api) {
  const form = h('form', { id: 'lookup-form' },
    h('label', { for: 'lookup-user' }, 'User id'), h('input', { id: 'lookup-user', maxlength: 128, autocomplete: 'off' }),
    h('label', { for: 'lookup-candidates' }, `Candidate items to rank with ${model} (optional; needs the recsys.score role)`),
    h('input', { id: 'lookup-candidates', placeholder: 'i1, i2, i3', autocomplete: 'off' }),
    h('button', { type: 'submit', id: 'lookup-submit' }, 'Look up'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    lookUp(form, model, api);
  });
  fill('lookup', h('h3', { id: 'lookup-title' }, 'User lookup'), form, h('div', { id: 'lookup-result', 'aria-live': 'polite' }));
}
