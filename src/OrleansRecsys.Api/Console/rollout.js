// One model's rollout: the plan, its versions and history for everyone; the change form and promote/rollback for editors.

import { h, fill, show, when } from './dom.js';
import { splitChart } from './charts.js';

/** The API writes the status as a name ("active") or, in older answers, as its number (0). */
const isActive = (version) => version.status === 'active' || version.status === 0;

/** A multi-arm experiment's arms in bucket order ("v2 at 20 %, v3 at 12.5 %"); null for a plan with one canary or none. */
const armsText = (plan) => (plan.arms && plan.arms.length > 1
  ? plan.arms.map((a) => `${a.version} at ${a.weight / 100} %`).join(', ')
  : null);

export function planSummary(plan) {
  if (!plan) return '–';
  const parts = [`stable ${plan.stable ?? 'none'}`];
  if (armsText(plan)) parts.push(`arms ${armsText(plan)}`);
  else if (plan.canary) parts.push(`canary ${plan.canary} at ${plan.canaryPercent} %`);
  if (plan.shadow && plan.shadow.length) parts.push(`shadow ${plan.shadow.join(', ')}`);
  return parts.join(' · ');
}

export function renderPlan(plan) {
  if (!plan) {
    fill('plan', h('dt', {}, 'Plan'), h('dd', {}, 'none yet: register a first version'));
    fill('split');
    return;
  }
  const fact = (term, value, id) => [h('dt', {}, term), h('dd', { id }, value)];
  fill('plan',
    fact('Stable', plan.stable ?? 'none', 'plan-stable'),
    fact('Canary', plan.canary ? `${plan.canary} at ${plan.canaryPercent} %` : 'none', 'plan-canary'),
    // Arms are shown, not edited, here: set them with PUT /v1/models/{name}/rollout or `recsysctl rollout arms`.
    ...(armsText(plan) ? fact('Arms (read-only)', armsText(plan), 'plan-arms') : []),
    fact('Shadows', plan.shadow.length ? plan.shadow.join(', ') : 'none', 'plan-shadow'),
    fact('Revision', String(plan.revision), 'plan-revision'));
  fill('split', splitChart(plan));
}

export function renderVersions(versions) {
  const metrics = (m) => Object.entries(m.metrics || {}).map(([k, v]) => `${k} ${Number(v).toFixed(3)}`).join(', ') || '–';
  fill('versions',
    h('caption', {}, 'Registered versions, oldest first'),
    h('thead', {}, h('tr', {}, ['Version', 'Status', 'Registered', 'By', 'Features', 'Metrics', 'Trainer', 'Dataset'].map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, versions.map((v) => h('tr', {},
      h('th', { scope: 'row' }, v.manifest.version), h('td', {}, isActive(v) ? 'active' : 'retired'),
      h('td', {}, when(v.registeredAt)), h('td', {}, v.registeredBy),
      h('td', { title: v.manifest.features.join(', ') }, String(v.manifest.features.length)),
      h('td', {}, metrics(v.manifest)), h('td', {}, v.manifest.trainer ?? '–'), h('td', {}, v.manifest.dataset ?? '–')))));
}

export function renderHistory(changes) {
  fill('history',
    h('caption', {}, 'Newest first: who changed what, when and why'),
    h('thead', {}, h('tr', {}, ['Revision', 'When', 'Who', 'Action', 'Why', 'Before → after'].map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, changes.map((c) => h('tr', { class: 'change' },
      h('th', { scope: 'row' }, String(c.revision)), h('td', {}, when(c.when)), h('td', {}, c.who), h('td', {}, c.action),
      h('td', { class: 'why' }, c.why), h('td', {}, `${planSummary(c.before)} → ${planSummary(c.after)}`)))));
}

/** The versions a plan may name besides its stable: registered and not retired. */
const candidates = (plan, versions) => versions.filter((v) => isActive(v) && v.manifest.version !== plan.stable).map((v) => v.manifest.version);

function canaryForm(plan, versions, onApply) {
  const options = [h('option', { value: '' }, 'none'), ...candidates(plan, versions).map((v) => h('option', { value: v, selected: v === plan.canary }, v))];
  const shadows = candidates(plan, versions).map((v) => h('label', { class: 'check' },
    h('input', { type: 'checkbox', name: 'shadow', value: v, id: `shadow-${v}`, checked: plan.shadow.includes(v) }), ` ${v}`));
  const form = h('form', { id: 'canary-form', class: 'mutating', novalidate: true },
    h('label', { for: 'canary-version' }, 'Canary version'), h('select', { id: 'canary-version' }, options),
    h('label', { for: 'canary-percent' }, 'Canary share of traffic (%)'),
    h('input', { id: 'canary-percent', type: 'number', min: 0, max: 100, step: 0.01, value: plan.canaryPercent, inputmode: 'decimal' }),
    h('fieldset', {}, h('legend', {}, 'Shadow versions (scored on copies of requests, never served)'), shadows.length ? shadows : h('p', { class: 'hint' }, 'No other version registered.')),
    h('label', { for: 'change-reason' }, 'Reason (kept in the history)'),
    h('input', { id: 'change-reason', maxlength: 1000, required: true }),
    h('button', { type: 'submit', id: 'apply' }, `Apply to revision ${plan.revision}`));
  form.addEventListener('submit', (event) => { event.preventDefault(); onApply(readForm(form)); });
  return form;
}

function readForm(form) {
  const canary = form.querySelector('#canary-version').value || null;
  const shadow = [...form.querySelectorAll('input[name=shadow]:checked')].map((box) => box.value).filter((v) => v !== canary);
  return { canary, canaryPercent: canary ? Number(form.querySelector('#canary-percent').value) : 0, shadow, reason: form.querySelector('#change-reason').value.trim() };
}

/**
 * The editor's controls, built only for a caller the API says may edit: a read-only user gets none in the page at all.
 * Every change names the revision it was made on, so the API refuses it when someone changed the plan in between.
 */
export function renderEditor(plan, versions, actions) {
  if (!plan) { show('edit', false); return; }
  const decision = (id, label, act) => h('button', { type: 'button', id, class: 'mutating', disabled: !plan.canary, onclick: () => act(plan) }, label);
  fill('edit',
    h('h3', { id: 'edit-title' }, 'Change the rollout'),
    h('p', { class: 'hint' }, `You are editing revision ${plan.revision}. If someone changes the plan first, the grid refuses your change and the fresh plan is shown.`),
    canaryForm(plan, versions, (change) => actions.apply(plan, change)),
    h('div', { class: 'buttons' },
      decision('promote', plan.canary ? `Promote ${plan.canary} to stable…` : 'Promote (no canary)', actions.promote),
      decision('rollback', plan.canary ? `Roll back ${plan.canary}…` : 'Roll back (no canary)', actions.rollback)),
    h('p', { id: 'edit-error', class: 'error', role: 'alert', hidden: true }));
  show('edit', true);
}

export function editError(text) {
  const node = document.getElementById('edit-error');
  if (!node) return;
  node.textContent = text;
  node.hidden = !text;
  if (text) node.scrollIntoView({ block: 'nearest' });
}

/** Asks for confirmation and a reason in a modal dialog; resolves to the reason, or null when cancelled. */
export function confirmDecision(title, text) {
  const dialog = document.getElementById('confirm');
  const reason = document.getElementById('confirm-reason');
  document.getElementById('confirm-title').textContent = title;
  document.getElementById('confirm-text').textContent = text;
  reason.value = '';
  return new Promise((resolve) => {
    const cancel = document.getElementById('confirm-cancel');
    const onCancel = () => dialog.close('cancel');
    cancel.addEventListener('click', onCancel, { once: true });
    dialog.addEventListener('close', () => {
      cancel.removeEventListener('click', onCancel);
      resolve(dialog.returnValue === 'ok' && reason.value.trim() ? reason.value.trim() : null);
    }, { once: true });
    dialog.returnValue = '';
    dialog.showModal();
    reason.focus();
  });
}
