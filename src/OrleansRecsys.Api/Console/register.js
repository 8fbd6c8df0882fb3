// Registering a model version from two files, with the API's verdict shown next to the field it concerns.

import { h, fill, show } from './dom.js';
import { ApiError, describe } from './api.js';

/** Which field of the form an error from POST /v1/models/{name}/versions belongs to. */
function fieldOf(error) {
  if (!(error instanceof ApiError)) return 'model';
  const { status, problem } = error;
  if (problem.field === 'name') return 'name';
  if (problem.field === 'manifest' || problem.title === 'Invalid manifest' || status === 409) return 'manifest';
  return 'model';
}

function fieldError(name, text) {
  const node = document.getElementById(`register-${name}-error`);
  node.textContent = text;
  node.hidden = !text;
}

const field = (name, label, input) => [
  h('label', { for: `register-${name}` }, label),
  input,
  h('p', { id: `register-${name}-error`, class: 'field-error', role: 'alert', hidden: true }),
];

/** The form (admins only), for a new version of <model> or, with the name changed, the first version of a new model. */
export function renderRegister(model, register) {
  const form = h('form', { id: 'register-form', class: 'mutating', novalidate: true },
    field('name', 'Model name', h('input', { id: 'register-name', value: model, required: true, 'aria-describedby': 'register-name-error' })),
    field('model', 'Model file (ONNX)', h('input', { id: 'register-model', type: 'file', accept: '.onnx', required: true, 'aria-describedby': 'register-model-error' })),
    field('manifest', 'Manifest (JSON)', h('input', { id: 'register-manifest', type: 'file', accept: '.json,application/json', required: true, 'aria-describedby': 'register-manifest-error' })),
    h('button', { type: 'submit', id: 'register-submit' }, 'Register version'),
    h('p', { id: 'register-result', class: 'message', role: 'status', hidden: true }));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submit(form, register);
  });
  fill('register', h('h3', { id: 'register-title' }, 'Register a version'),
    h('p', { class: 'hint' }, 'The grid checks the checksum, the features, the graph and a smoke batch before it stores anything. The first version of a new model becomes its stable version.'),
    form);
  show('register', true);
}

async function submit(form, register) {
  for (const name of ['name', 'model', 'manifest']) fieldError(name, '');
  const result = document.getElementById('register-result');
  result.hidden = true;
  const name = form.querySelector('#register-name').value.trim();
  const model = form.querySelector('#register-model').files[0];
  const manifest = form.querySelector('#register-manifest').files[0];
  if (!name) { fieldError('name', 'A model name is required.'); return; }
  if (!model) { fieldError('model', 'Choose the ONNX file.'); return; }
  if (!manifest) { fieldError('manifest', 'Choose the manifest JSON file.'); return; }
  const body = new FormData();
  body.append('model', model, model.name);
  body.append('manifest', manifest, manifest.name);
  const button = form.querySelector('#register-submit');
  button.disabled = true;
  try {
    const info = await register(name, body);
    // The page was drawn again for the new version: write into the fresh form.
    const shown = document.getElementById('register-result');
    shown.textContent = `Registered ${info.manifest.name}@${info.manifest.version} (${Math.round(info.sizeBytes / 1024)} KB).`;
    shown.hidden = false;
  } catch (error) {
    fieldError(fieldOf(error), describe(error));
  } finally {
    button.disabled = false;
  }
}
