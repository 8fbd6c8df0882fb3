// Sign-in at the grid's OpenID Connect provider: the authorization-code flow with PKCE (the console is a public client
// and keeps no secret). The verifier and state live in sessionStorage for the round trip to the provider only.

const PENDING_KEY = 'recsys.console.oidc';

const base64url = (bytes) => btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const random = (length) => base64url(crypto.getRandomValues(new Uint8Array(length)));
const redirectUri = () => `${location.origin}${location.pathname}`;

/** How this grid's console signs users in: { authority, clientId, scope }, authority null for pasted tokens only. */
export async function signInSettings() {
  try {
    const response = await fetch('sign-in.json', { cache: 'no-store' });
    return response.ok ? await response.json() : { authority: null };
  } catch {
    return { authority: null };
  }
}

async function discover(authority) {
  const response = await fetch(`${authority}/.well-known/openid-configuration`, { cache: 'no-store' });
  if (!response.ok) throw new Error(`the provider's discovery document answered ${response.status}`);
  return response.json();
}

/** Leaves for the provider's sign-in page; it comes back to this page with ?code=…&state=…. */
export async function startSignIn(settings) {
  const provider = await discover(settings.authority);
  const verifier = random(32);
  const state = random(16);
  const challenge = base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  sessionStorage.setItem(PENDING_KEY, JSON.stringify({ verifier, state }));
  const query = new URLSearchParams({
    response_type: 'code', client_id: settings.clientId, redirect_uri: redirectUri(), scope: settings.scope,
    state, code_challenge: challenge, code_challenge_method: 'S256',
  });
  location.assign(`${provider.authorization_endpoint}?${query}`);
}

/**
 * On the way back from the provider: trades the code for an access token (proving the verifier), or throws with the
 * provider's reason. Returns null when this page load is not a return from the provider.
 */
export async function finishSignIn(settings) {
  const params = new URLSearchParams(location.search);
  if (!params.has('code') && !params.has('error')) return null;
  history.replaceState(null, '', redirectUri());
  const pending = JSON.parse(sessionStorage.getItem(PENDING_KEY) || 'null');
  sessionStorage.removeItem(PENDING_KEY);
  if (params.has('error')) throw new Error(`the provider refused the sign-in: ${params.get('error_description') || params.get('error')}`);
  if (!pending || pending.state !== params.get('state')) throw new Error('the sign-in answer does not belong to a sign-in this tab started; sign in again');
  const provider = await discover(settings.authority);
  const response = await fetch(provider.token_endpoint, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'authorization_code', code: params.get('code'), redirect_uri: redirectUri(),
      client_id: settings.clientId, code_verifier: pending.verifier,
    }),
  });
  const answer = await response.json().catch(() => ({}));
  if (!response.ok || !answer.access_token) throw new Error(`the provider gave no token: ${answer.error_description || answer.error || response.status}`);
  return answer.access_token;
}
