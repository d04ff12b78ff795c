/**
 * The clerk's session: OpenID Connect sign-in (authorization code with PKCE S256) against the issuer
 * named in /console-config.json, whose metadata this origin serves at /.well-known/openid-configuration;
 * a quiet refresh before the access token runs out; sign-out; and a pasted bearer token as a fallback for
 * tools. Tokens stay in this tab's sessionStorage. Every review call goes through `call`.
 */
import * as oauth from 'oauth4webapi';
import { consoleConfigSchema, consolePath } from '../../shared/domain/console-config.ts';
import { api, type ApiResponse } from './dom.ts';
import { currentLanguage } from './i18n/index.ts';

/** The access token itself (the fast-track panel and tools read it here). */
export const tokenKey = 'permit-fast-track.console-token';
const sessionKey = 'permit-fast-track.console-session';
const pendingKey = 'permit-fast-track.console-sign-in';
/** Renew this long before the access token expires, so a request never leaves with a dying token. */
const RENEW_BEFORE_MS = 60_000;

interface Session {
  expiresAt: number;
  refreshToken?: string;
  via: 'oidc' | 'token';
}

export interface Claims {
  username?: string;
  'cognito:groups'?: string[];
  exp?: number;
}

interface Issuer {
  as: oauth.AuthorizationServer;
  client: oauth.Client;
  scope: string;
}

/** Plain http only on the local stack; in AWS every endpoint is https. */
const transport = () => ({ [oauth.allowInsecureRequests]: location.protocol === 'http:' });
const callback = () => `${location.origin}${consolePath}`;

export function claimsOf(jwt: string): Claims {
  try {
    return JSON.parse(atob(jwt.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/')));
  } catch {
    return {};
  }
}

const readSession = (): Session | undefined => {
  try {
    return JSON.parse(sessionStorage.getItem(sessionKey) ?? 'null') ?? undefined;
  } catch {
    return undefined;
  }
};

function store(accessToken: string, session: Session) {
  sessionStorage.setItem(tokenKey, accessToken);
  sessionStorage.setItem(sessionKey, JSON.stringify(session));
}

function forget() {
  sessionStorage.removeItem(tokenKey);
  sessionStorage.removeItem(sessionKey);
}

export const currentToken = () => sessionStorage.getItem(tokenKey) ?? '';
export const signedIn = () => currentToken() !== '' && readSession() !== undefined;

let issuer: Promise<Issuer | undefined> | undefined;

/** The issuer and client this deployment signs clerks in with, or undefined when none is set up here. */
export function loadIssuer(): Promise<Issuer | undefined> {
  issuer ??= (async () => {
    try {
      const configResponse = await fetch('/console-config.json', { cache: 'no-cache' });
      if (!configResponse.ok) return undefined;
      const config = consoleConfigSchema.parse(await configResponse.json());
      const as = await oauth.processDiscoveryResponse(new URL(config.issuer), await fetch('/.well-known/openid-configuration', { cache: 'no-cache' }));
      return { as, client: { client_id: config.clientId }, scope: config.scope };
    } catch {
      return undefined;
    }
  })();
  return issuer;
}

/** Sends the browser to the issuer's sign-in page; the state and PKCE verifier wait in this tab. */
export async function startSignIn(): Promise<void> {
  const found = await loadIssuer();
  if (!found?.as.authorization_endpoint) throw new Error('No issuer');
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  sessionStorage.setItem(pendingKey, JSON.stringify({ verifier, state }));
  const url = new URL(found.as.authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: found.client.client_id,
    redirect_uri: callback(),
    scope: found.scope,
    state,
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    lang: currentLanguage(),
  }).toString();
  location.assign(url.href);
}

/**
 * On the way back from the issuer (`?code=&state=` or `?error=`): exchanges the code for tokens and cleans
 * the address. `undefined` when this is no such return, else whether the clerk is now signed in.
 */
export async function completeSignIn(): Promise<boolean | undefined> {
  const here = new URL(location.href);
  if (!here.searchParams.has('code') && !here.searchParams.has('error')) return undefined;
  history.replaceState(null, '', consolePath);
  const pending = JSON.parse(sessionStorage.getItem(pendingKey) ?? 'null') as { verifier: string; state: string } | null;
  sessionStorage.removeItem(pendingKey);
  const found = await loadIssuer();
  if (!pending || !found) return false;
  try {
    const parameters = oauth.validateAuthResponse(found.as, found.client, here.searchParams, pending.state);
    const response = await oauth.authorizationCodeGrantRequest(found.as, found.client, oauth.None(), parameters, callback(), pending.verifier, transport());
    const tokens = await oauth.processAuthorizationCodeResponse(found.as, found.client, response, { requireIdToken: true });
    keep(tokens);
    return true;
  } catch {
    return false;
  }
}

function keep(tokens: oauth.TokenEndpointResponse, previousRefresh?: string) {
  const refreshToken = tokens.refresh_token ?? previousRefresh;
  store(tokens.access_token, { expiresAt: Date.now() + (tokens.expires_in ?? 3600) * 1000, via: 'oidc', ...(refreshToken ? { refreshToken } : {}) });
}

/** A pasted token, kept until its own expiry; false when it is not a token that is still valid. */
export function useToken(token: string): boolean {
  const exp = claimsOf(token).exp;
  if (typeof exp !== 'number' || exp * 1000 <= Date.now()) return false;
  store(token, { expiresAt: exp * 1000, via: 'token' });
  return true;
}

/** Renews the access token with the refresh token; false when there is none or the issuer refuses it. */
async function renew(session: Session): Promise<boolean> {
  const found = session.refreshToken ? await loadIssuer() : undefined;
  if (!found || !session.refreshToken) return false;
  try {
    const response = await oauth.refreshTokenGrantRequest(found.as, found.client, oauth.None(), session.refreshToken, transport());
    keep(await oauth.processRefreshTokenResponse(found.as, found.client, response), session.refreshToken);
    return true;
  } catch {
    return false;
  }
}

/** A live access token, renewed quietly when it is about to run out; undefined when the session is over. */
async function liveToken(): Promise<string | undefined> {
  const session = readSession();
  if (!session || !currentToken()) return undefined;
  if (session.expiresAt - Date.now() > RENEW_BEFORE_MS || (await renew(session))) return currentToken();
  forget();
  return undefined;
}

/** Told when the session is over (expired without renewal, or refused by the API). */
let onSessionEnded: () => void = () => undefined;
export const whenSessionEnds = (listener: () => void) => {
  onSessionEnded = listener;
};

/**
 * A review API call with the clerk's token. A 401 gets one renewal and one retry; if that fails the
 * session is over. A dropped connection answers status 0.
 */
export async function call<T>(method: string, path: string, body?: unknown): Promise<ApiResponse<T>> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const token = await liveToken();
    if (!token) break;
    let response: ApiResponse<T>;
    try {
      response = await api<T>(method, path, { headers: { authorization: `Bearer ${token}` }, ...(body !== undefined ? { body } : {}) });
    } catch {
      return { ok: false, status: 0, body: undefined };
    }
    if (response.status !== 401) return response;
    const session = readSession();
    if (attempt > 0 || !session || !(await renew(session))) break;
  }
  forget();
  onSessionEnded();
  return { ok: false, status: 401, body: { error: 'Unauthorized' } };
}

/** Ends the session here and, after a sign-in through the issuer, there too (the refresh token is revoked). */
export async function signOut(): Promise<void> {
  const session = readSession();
  forget();
  const found = session?.via === 'oidc' ? await loadIssuer() : undefined;
  if (!found) return;
  if (session?.refreshToken && found.as.revocation_endpoint) {
    await oauth
      .revocationRequest(found.as, found.client, oauth.None(), session.refreshToken, transport())
      .then((response) => oauth.processRevocationResponse(response))
      .catch(() => undefined);
  }
  const endSession = found.as.end_session_endpoint;
  if (endSession) {
    const url = new URL(endSession);
    url.search = new URLSearchParams({ client_id: found.client.client_id, logout_uri: callback() }).toString();
    location.assign(url.href);
  }
}
