// The console's only way to the grid: fetch with the signed-in bearer token, problem details turned into readable text.

const TOKEN_KEY = 'recsys.console.token';

/** The token lives in sessionStorage: this tab only, gone when it closes, never in a cookie the browser sends on its own. */
export const token = {
  get: () => sessionStorage.getItem(TOKEN_KEY),
  set: (value) => sessionStorage.setItem(TOKEN_KEY, value),
  clear: () => sessionStorage.removeItem(TOKEN_KEY),
};

/** An answer other than 2xx: the HTTP status and the RFC 7807 problem the API sent (or one made up from the status). */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

/** A JSON call, or with a FormData body a multipart one (the browser writes its content type and boundary). */
export async function call(method, path, body) {
  const headers = { Accept: 'application/json' };
  const bearer = token.get();
  if (bearer) headers.Authorization = `Bearer ${bearer}`;
  const multipart = body instanceof FormData;
  if (body !== undefined && !multipart) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(path, { method, headers, cache: 'no-store', body: body === undefined || multipart ? body : JSON.stringify(body) });
  } catch (failure) {
    throw new ApiError(0, { title: 'Network error', detail: `the grid did not answer (${failure.message})` });
  }
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = null; }
  if (!response.ok) throw new ApiError(response.status, json && typeof json === 'object' ? json : { title: response.statusText, detail: text });
  return json;
}

/** One sentence a person can act on, for any error the console meets. */
export function describe(error) {
  if (!(error instanceof ApiError)) return `Unexpected error: ${error.message}`;
  const { status, problem } = error;
  const field = problem.field ? ` (field: ${problem.field})` : '';
  switch (status) {
    case 401:
      return 'The grid refused the token (401): it is missing, malformed, forged, expired or for another grid. Sign in again with a valid token.';
    case 403:
      return 'Your token lacks the role this needs (403). Viewing needs recsys.read; changing a rollout needs recsys.admin.';
    case 409:
      return `Conflict (409): ${problem.detail || problem.title}.`;
    case 429:
    case 503:
      return `The grid is busy (${status}): ${problem.detail || problem.title}. Try again in a moment.`;
    default:
      return `${problem.title || 'Error'} (${status}): ${problem.detail || ''}${field}`;
  }
}

export const api = {
  me: () => call('GET', '/v1/me'),
  models: () => call('GET', '/v1/models'),
  report: (model) => call('GET', `/v1/models/${encodeURIComponent(model)}/report`),
  history: (model) => call('GET', `/v1/models/${encodeURIComponent(model)}/rollout/history`),
  plan: (model) => call('GET', `/v1/models/${encodeURIComponent(model)}/rollout`),
  setRollout: (model, body) => call('PUT', `/v1/models/${encodeURIComponent(model)}/rollout`, body),
  promote: (model, revision, reason) => call('POST', `/v1/models/${encodeURIComponent(model)}/rollout/promote`, { revision, reason }),
  rollback: (model, revision, reason) => call('POST', `/v1/models/${encodeURIComponent(model)}/rollout/rollback`, { revision, reason }),
  register: (model, form) => call('POST', `/v1/models/${encodeURIComponent(model)}/versions`, form),
  userFeatures: (user) => call('GET', `/v1/features/users/${encodeURIComponent(user)}`),
  rank: (body) => call('POST', '/v1/rank', body),
};
