/**
 * The local issuer's OpenID Connect doors, standing in for Cognito's hosted sign-in: the metadata at
 * /.well-known/openid-configuration, an authorize page where a developer picks the clerk id, ports and
 * role, the token endpoint (authorization code with PKCE S256, then refresh tokens), revocation, the
 * JWKS, sign-out, and /console-config.json. Codes and refresh tokens live in memory. Never in AWS.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { consolePath } from '../../shared/domain/console-config.ts';
import { portCodes } from '../../shared/domain/ports.ts';
import { webSecurityHeaders } from '../../shared/deployment/web-security.ts';
import { consoleConfig, consoleScopes, openIdConfiguration } from '../../shared/deployment/sign-in.ts';
import { issuerJwks, localClientId, localIssuer, mintToken, tokenRequestFrom, type IssuerKeys, type TokenRequest } from './local-issuer.ts';
import { escapeHtml, readBody } from './http-util.ts';

/** As Cognito: a code is good for one exchange within minutes; a refresh token for one working shift. */
const CODE_LIFETIME_MS = 2 * 60 * 1000;
const REFRESH_LIFETIME_MS = 12 * 60 * 60 * 1000;
const ACCESS_LIFETIME_SECONDS = 60 * 60;
const MAX_FORM_BYTES = 16 * 1024;
export const localSignInPaths = {
  authorize: '/_local/oidc/authorize',
  token: '/_local/oidc/token',
  revoke: '/_local/oidc/revoke',
  jwks: '/_local/oidc/jwks',
  logout: '/_local/oidc/logout',
} as const;

interface PendingCode {
  redirectUri: string;
  challenge: string;
  clerk: TokenRequest;
  expiresAt: number;
}

const randomToken = () => randomBytes(32).toString('base64url');
const s256 = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');
const sameText = (left: string, right: string) => left.length === right.length && timingSafeEqual(Buffer.from(left), Buffer.from(right));
/** One subject per clerk id, stable across sign-ins, shaped like Cognito's. */
const subjectOf = (clerkId: string) => createHash('sha256').update(`local-clerk:${clerkId}`).digest('hex').replace(/^(.{8})(.{4})(.{4})(.{4})(.{12}).*$/, '$1-$2-$3-$4-$5');

function send(response: ServerResponse, status: number, body: string, headers: Record<string, string>) {
  response.writeHead(status, { 'cache-control': 'no-store', ...headers });
  response.end(body);
}
const sendJson = (response: ServerResponse, status: number, body: unknown) => send(response, status, JSON.stringify(body), { 'content-type': 'application/json; charset=utf-8' });
const oauthError = (response: ServerResponse, error: string, description: string, status = 400) => sendJson(response, status, { error, error_description: description });

async function readForm(request: IncomingMessage): Promise<URLSearchParams | undefined> {
  if (!(request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) return undefined;
  const body = await readBody(request, MAX_FORM_BYTES);
  return body === 'too-large' ? undefined : new URLSearchParams(body.toString('utf8'));
}

/** The authorization request's parameters that the page carries through its form. */
const carried = ['response_type', 'client_id', 'redirect_uri', 'scope', 'state', 'code_challenge', 'code_challenge_method'] as const;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escapeHtml(title)} · Border permit fast-track (local)</title>
  <link rel="icon" href="/assets/icons/icon.svg" type="image/svg+xml">
  <link rel="stylesheet" href="/assets/styles.css">
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

function authorizePage(parameters: URLSearchParams, refusal?: string): string {
  const hidden = carried.map((name) => `<input type="hidden" name="${name}" value="${escapeHtml(parameters.get(name) ?? '')}">`).join('\n    ');
  const chosenPorts = parameters.getAll('ports');
  const portBoxes = portCodes
    .map((code) => {
      const checked = chosenPorts.length === 0 || chosenPorts.includes(code) ? ' checked' : '';
      return `<div class="field checkbox"><input type="checkbox" id="port-${code}" name="ports" value="${code}"${checked}><label for="port-${code}">${code}</label></div>`;
    })
    .join('\n      ');
  const role = parameters.get('role') === 'supervisor' ? 'supervisor' : 'clerk';
  return page(
    'Sign in',
    `<h1>Sign in to the clerk console</h1>
  <p class="hint">The local stack's stand-in for the clerks' sign-in page: choose who you are. In AWS this is Cognito's hosted sign-in.</p>
  ${refusal ? `<p class="error" role="alert" id="sign-in-error">${escapeHtml(refusal)}</p>` : ''}
  <form method="post" action="${localSignInPaths.authorize}" id="issuer-sign-in">
    ${hidden}
    <div class="field"><label for="clerk">Clerk id</label><input id="clerk" name="clerk" value="${escapeHtml(parameters.get('clerk') ?? 'clerk.local')}" required autocomplete="username"></div>
    <fieldset>
      <legend>Ports</legend>
      ${portBoxes}
    </fieldset>
    <div class="field"><label for="role">Role</label>
      <select id="role" name="role"><option value="clerk"${role === 'clerk' ? ' selected' : ''}>clerk</option><option value="supervisor"${role === 'supervisor' ? ' selected' : ''}>supervisor</option></select></div>
    <button type="submit" id="issuer-submit">Sign in</button>
  </form>`,
  );
}

export interface LocalSignIn {
  /** Answers the request when it is one of the issuer's doors; false leaves it to the rest of the gateway. */
  handle(request: IncomingMessage, response: ServerResponse, url: URL): Promise<boolean>;
}

export function localSignIn(keys: IssuerKeys, clock: () => number = Date.now): LocalSignIn {
  const codes = new Map<string, PendingCode>();
  const refreshTokens = new Map<string, { clerk: TokenRequest; expiresAt: number }>();

  /** The console on this very origin is the only place codes and sign-outs go back to. */
  const callbackOf = (request: IncomingMessage) => `http://${request.headers.host}${consolePath}`;

  function tokens(clerk: TokenRequest, refreshToken?: string) {
    const issuedAt = Math.floor(clock() / 1000);
    const common = { ...clerk, issuedAt, lifetimeSeconds: ACCESS_LIFETIME_SECONDS };
    return {
      access_token: mintToken(keys, { ...common, use: 'access' }),
      id_token: mintToken(keys, { ...common, use: 'id' }),
      token_type: 'Bearer',
      expires_in: ACCESS_LIFETIME_SECONDS,
      scope: consoleScopes.join(' '),
      ...(refreshToken ? { refresh_token: refreshToken } : {}),
    };
  }

  /** The request's own mistakes are shown on the page; only a valid client and callback get a redirect. */
  function checkAuthorizeRequest(request: IncomingMessage, parameters: URLSearchParams): string | undefined {
    if (parameters.get('client_id') !== localClientId) return `Unknown client_id: the local console's is ${localClientId}.`;
    if (parameters.get('redirect_uri') !== callbackOf(request)) return `redirect_uri must be this stack's console, ${callbackOf(request)}.`;
    if (parameters.get('response_type') !== 'code') return 'Only response_type=code is supported.';
    if (parameters.get('code_challenge_method') !== 'S256' || !/^[A-Za-z0-9_-]{43}$/.test(parameters.get('code_challenge') ?? '')) {
      return 'A PKCE code_challenge with code_challenge_method=S256 is required.';
    }
    const scopes = (parameters.get('scope') ?? '').split(' ');
    if (!consoleScopes.every((scope) => scopes.includes(scope))) return `The scope must include ${consoleScopes.join(' and ')}.`;
    return undefined;
  }

  async function authorize(request: IncomingMessage, response: ServerResponse, url: URL) {
    const html = { 'content-type': 'text/html; charset=utf-8', ...webSecurityHeaders };
    const parameters = request.method === 'POST' ? await readForm(request) : url.searchParams;
    if (!parameters) return send(response, 400, page('Sign-in refused', '<h1>Sign-in refused</h1><p>Send the form as it is.</p>'), html);
    const problem = checkAuthorizeRequest(request, parameters);
    if (problem) return send(response, 400, page('Sign-in refused', `<h1>Sign-in refused</h1><p class="error">${escapeHtml(problem)}</p>`), html);
    if (request.method !== 'POST') return send(response, 200, authorizePage(parameters), html);
    const clerk = tokenRequestFrom({ clerk: parameters.get('clerk') ?? undefined, ports: parameters.getAll('ports'), role: parameters.get('role') ?? undefined });
    if ('refused' in clerk) return send(response, 400, authorizePage(parameters, clerk.refused), html);
    const code = randomToken();
    codes.set(code, {
      redirectUri: parameters.get('redirect_uri')!,
      challenge: parameters.get('code_challenge')!,
      clerk: { ...clerk, subject: subjectOf(clerk.clerkId) },
      expiresAt: clock() + CODE_LIFETIME_MS,
    });
    const back = new URL(parameters.get('redirect_uri')!);
    back.searchParams.set('code', code);
    if (parameters.get('state')) back.searchParams.set('state', parameters.get('state')!);
    send(response, 302, '', { location: back.href, ...webSecurityHeaders });
  }

  async function token(request: IncomingMessage, response: ServerResponse) {
    const form = request.method === 'POST' ? await readForm(request) : undefined;
    if (!form) return oauthError(response, 'invalid_request', 'POST a form (application/x-www-form-urlencoded).');
    if (form.get('client_id') !== localClientId) return oauthError(response, 'invalid_client', 'Unknown client.', 401);
    const grant = form.get('grant_type');
    if (grant === 'authorization_code') {
      const pending = codes.get(form.get('code') ?? '');
      // A code is spent by its first exchange, good or bad.
      codes.delete(form.get('code') ?? '');
      const verifier = form.get('code_verifier') ?? '';
      if (!pending || pending.expiresAt <= clock()) return oauthError(response, 'invalid_grant', 'The code is unknown, used or expired.');
      if (form.get('redirect_uri') !== pending.redirectUri) return oauthError(response, 'invalid_grant', 'redirect_uri differs from the authorization request.');
      if (!/^[A-Za-z0-9._~-]{43,128}$/.test(verifier) || !sameText(s256(verifier), pending.challenge)) return oauthError(response, 'invalid_grant', 'The code_verifier does not match the code_challenge.');
      const refreshToken = randomToken();
      refreshTokens.set(refreshToken, { clerk: pending.clerk, expiresAt: clock() + REFRESH_LIFETIME_MS });
      return sendJson(response, 200, tokens(pending.clerk, refreshToken));
    }
    if (grant === 'refresh_token') {
      const held = refreshTokens.get(form.get('refresh_token') ?? '');
      if (!held || held.expiresAt <= clock()) return oauthError(response, 'invalid_grant', 'The refresh token is unknown, revoked or expired.');
      return sendJson(response, 200, tokens(held.clerk));
    }
    return oauthError(response, 'unsupported_grant_type', 'Use authorization_code or refresh_token.');
  }

  async function revoke(request: IncomingMessage, response: ServerResponse) {
    const form = request.method === 'POST' ? await readForm(request) : undefined;
    if (!form || form.get('client_id') !== localClientId) return oauthError(response, 'invalid_request', 'POST the token and client_id as a form.');
    refreshTokens.delete(form.get('token') ?? '');
    send(response, 200, '', {});
  }

  function logout(request: IncomingMessage, response: ServerResponse, url: URL) {
    const html = { 'content-type': 'text/html; charset=utf-8', ...webSecurityHeaders };
    if (url.searchParams.get('client_id') !== localClientId || url.searchParams.get('logout_uri') !== callbackOf(request)) {
      return send(response, 400, page('Sign-out refused', '<h1>Sign-out refused</h1><p class="error">Unknown client_id or logout_uri.</p>'), html);
    }
    send(response, 302, '', { location: callbackOf(request), ...webSecurityHeaders });
  }

  return {
    async handle(request, response, url) {
      const origin = `http://${request.headers.host}`;
      switch (url.pathname) {
        case '/console-config.json':
          sendJson(response, 200, consoleConfig(localIssuer, localClientId));
          return true;
        case '/.well-known/openid-configuration':
          sendJson(
            response,
            200,
            openIdConfiguration({
              issuer: localIssuer,
              authorization: `${origin}${localSignInPaths.authorize}`,
              token: `${origin}${localSignInPaths.token}`,
              revocation: `${origin}${localSignInPaths.revoke}`,
              endSession: `${origin}${localSignInPaths.logout}`,
              jwks: `${origin}${localSignInPaths.jwks}`,
            }),
          );
          return true;
        case localSignInPaths.jwks:
          sendJson(response, 200, issuerJwks(keys));
          return true;
        case localSignInPaths.authorize:
          await authorize(request, response, url);
          return true;
        case localSignInPaths.token:
          await token(request, response);
          return true;
        case localSignInPaths.revoke:
          await revoke(request, response);
          return true;
        case localSignInPaths.logout:
          logout(request, response, url);
          return true;
        default:
          return false;
      }
    },
  };
}
