// The console's flow: sign in with a token, list models, show one, act on it, refresh its report.

import { api, token, describe, ApiError } from './api.js';
import { h, fill, show } from './dom.js';
import { renderPlan, renderVersions, renderHistory, renderEditor, editError, confirmDecision, planSummary } from './rollout.js';
import { renderReport, renderReportMissing } from './report.js';
import { renderRegister } from './register.js';
import { renderLookup } from './lookup.js';
import { signInSettings, startSignIn, finishSignIn } from './oidc.js';

const REFRESH_MS = 5000;
const state = { caller: null, models: [], selected: null, timer: null };

function message(text, isError = false) {
  const node = document.getElementById('message');
  node.textContent = text;
  node.className = isError ? 'message error' : 'message';
  node.hidden = !text;
}

/** A refused token ends the session wherever it is met: the user sees why and signs in again. */
function failed(error) {
  if (error instanceof ApiError && error.status === 401) signOut(describe(error));
  else message(describe(error), true);
}

function signOut(reason) {
  token.clear();
  clearInterval(state.timer);
  Object.assign(state, { caller: null, models: [], selected: null, timer: null });
  show('workspace', false);
  show('sign-in', true);
  show('sign-out', false);
  document.getElementById('caller').textContent = 'Not signed in';
  const error = document.getElementById('auth-error');
  error.textContent = reason || '';
  error.hidden = !reason;
}

async function signIn() {
  try {
    state.caller = await api.me();
  } catch (error) {
    signOut(describe(error));
    return;
  }
  const { subject, roles, canEdit } = state.caller;
  document.getElementById('caller').textContent = `Signed in as ${subject} (${roles.join(', ')}) · ${canEdit ? 'can edit rollouts' : 'read-only'}`;
  show('sign-in', false);
  show('workspace', true);
  show('sign-out', true);
  document.getElementById('auth-error').hidden = true;
  await loadModels();
}

async function loadModels() {
  try {
    state.models = await api.models();
  } catch (error) {
    failed(error);
    return;
  }
  fill('model-list', state.models.map((m) => h('li', {},
    h('button', { type: 'button', class: 'model-link', 'data-model': m.name, 'aria-current': m.name === state.selected ? 'true' : null, onclick: () => selectModel(m.name) },
      h('strong', {}, m.name), h('span', { class: 'hint' }, ` ${planSummary(m.rollout)}`)))));
  if (!state.models.length) fill('model-list', h('li', {}, 'No model is registered yet.'));
  const keep = state.models.find((m) => m.name === state.selected) ?? state.models[0];
  if (keep) await selectModel(keep.name);
}

async function selectModel(name) {
  state.selected = name;
  for (const link of document.querySelectorAll('.model-link')) link.setAttribute('aria-current', String(link.dataset.model === name));
  const model = state.models.find((m) => m.name === name);
  document.getElementById('model-title').textContent = name;
  show('model', true);
  renderPlan(model.rollout);
  renderVersions(model.versions);
  if (state.caller.canEdit) {
    renderEditor(model.rollout, model.versions, { apply, promote, rollback });
    renderRegister(name, register);
  } else {
    show('edit', false);
    show('register', false);
  }
  renderLookup(name, api);
  await Promise.all([loadHistory(name), loadReport(name)]);
  clearInterval(state.timer);
  state.timer = setInterval(() => loadReport(name), REFRESH_MS);
}

async function loadHistory(name) {
  try {
    renderHistory(await api.history(name));
  } catch (error) {
    failed(error);
  }
}

async function loadReport(name) {
  try {
    renderReport(await api.report(name));
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) renderReportMissing('No report: the model has no rollout plan yet.');
    else failed(error);
  }
}

/** Runs one plan change; a stale revision reloads the fresh plan and then says what happened, next to the controls. */
async function change(name, act) {
  try {
    const plan = await act();
    await loadModels();
    message(`${name} is now at revision ${plan.revision}: ${planSummary(plan)}.`);
  } catch (error) {
    if (error instanceof ApiError && error.status === 409) {
      await loadModels();
      editError(`${describe(error)} Someone changed the plan since you loaded it; the current plan is shown above. Check it and try again.`);
    } else if (error instanceof ApiError && error.status === 401) {
      failed(error);
    } else {
      editError(describe(error));
    }
  }
}

/** Registers a version; the model list is reloaded so a new model or version shows at once. Errors go to the form. */
async function register(name, form) {
  const info = await api.register(name, form);
  state.selected = name;
  await loadModels();
  return info;
}

function apply(plan, edit) {
  if (!edit.reason) { editError('A reason is required: it is kept in the history.'); return; }
  if (!(edit.canaryPercent >= 0 && edit.canaryPercent <= 100)) { editError('The canary share must be between 0 and 100 %.'); return; }
  change(plan.model, () => api.setRollout(plan.model, { ...edit, revision: plan.revision }));
}

async function promote(plan) {
  const reason = await confirmDecision('Promote the canary', `Make ${plan.canary} the stable version of ${plan.model}? It will then serve all traffic (plan revision ${plan.revision}).`);
  if (reason) change(plan.model, () => api.promote(plan.model, plan.revision, reason));
}

async function rollback(plan) {
  const reason = await confirmDecision('Roll back the canary', `Remove canary ${plan.canary} from ${plan.model}? Its traffic goes back to ${plan.stable} (plan revision ${plan.revision}).`);
  if (reason) change(plan.model, () => api.rollback(plan.model, plan.revision, reason));
}

/** With a provider configured: offer its sign-in, and finish one that is returning to this page. */
async function providerSignIn() {
  const settings = await signInSettings();
  if (!settings.authority) return;
  show('oidc', true);
  document.getElementById('oidc-sign-in').addEventListener('click', () =>
    startSignIn(settings).catch((error) => signOut(`Could not reach the identity provider: ${error.message}`)));
  try {
    const accessToken = await finishSignIn(settings);
    if (accessToken) token.set(accessToken);
  } catch (error) {
    signOut(`Sign-in failed: ${error.message}`);
  }
}

async function start() {
  document.getElementById('token-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const value = document.getElementById('token').value.trim().replace(/^Bearer\s+/i, '');
    if (!value) return;
    token.set(value);
    document.getElementById('token').value = '';
    signIn();
  });
  document.getElementById('sign-out').addEventListener('click', () => signOut(''));
  await providerSignIn();
  if (token.get()) signIn();
}

start();
