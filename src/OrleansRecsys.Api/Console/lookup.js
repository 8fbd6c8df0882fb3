// User lookup: a user's live features, and a rank of typed-in candidates by the selected model.

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

function rankResult(answer) {
  const served = `${answer.model}@${answer.version ?? '–'} (${answer.variant})${answer.fallback ? `, fallback: ${answer.fallbackReason}` : ''}`;
  const rows = answer.items.map((item) => ({ label: item.itemId, value: item.score, kind: `arm-${answer.variant}` }));
  return h('div', { id: 'lookup-rank' },
    h('p', {}, `Served by ${served}.`),
    rows.length ? barChart('Scores, best first', rows, (v) => v.toFixed(3), null, 0.001) : h('p', {}, 'No items.'));
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
      parts.push(rankResult(await api.rank({ userId: user, candidates, k: Math.min(candidates.length, 20), model })));
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
