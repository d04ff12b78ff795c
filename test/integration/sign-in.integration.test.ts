/**
 * The local issuer's OpenID Connect doors, spoken to as a console would: discovery, the authorize page,
 * the code exchange with PKCE (S256), tokens the review API accepts, refresh, revocation and sign-out,
 * and what each refuses.
 */
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from './helpers.ts';

let stack: TestStack;
let metadata: Record<string, any>;
let config: { issuer: string; clientId: string; scope: string };
const callback = () => `${stack.url}/console`;

beforeAll(async () => {
  stack = await startTestStack();
  config = await (await fetch(`${stack.url}/console-config.json`)).json();
  metadata = await (await fetch(`${stack.url}/.well-known/openid-configuration`)).json();
});
afterAll(async () => stack?.stop());

const pkce = () => {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
};

function authorizeParameters(challenge: string, overrides: Record<string, string> = {}) {
  return new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: callback(),
    scope: config.scope,
    state: 'state-1',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...overrides,
  });
}

/** Submits the authorize page's form as the developer would; returns the redirect's location or the page. */
async function signIn(challenge: string, who: Record<string, string | string[]> = { clerk: 'wang.li', ports: ['MOHAN'], role: 'clerk' }) {
  const form = authorizeParameters(challenge);
  for (const [name, value] of Object.entries(who)) for (const one of [value].flat()) form.append(name, one);
  const response = await fetch(metadata.authorization_endpoint, { method: 'POST', body: form, redirect: 'manual' });
  return { status: response.status, location: response.headers.get('location'), text: await response.text() };
}

const exchange = (parameters: Record<string, string>) =>
  fetch(metadata.token_endpoint, { method: 'POST', body: new URLSearchParams({ client_id: config.clientId, ...parameters }) }).then(async (response) => ({
    status: response.status,
    headers: response.headers,
    body: await response.json(),
  }));

const claims = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8'));

describe('the local issuer', () => {
  it('describes itself at /.well-known/openid-configuration and names its issuer and client in /console-config.json', () => {
    expect(config).toEqual({ issuer: expect.any(String), clientId: expect.any(String), scope: 'openid permit-fast-track/review' });
    expect(metadata).toMatchObject({
      issuer: config.issuer,
      authorization_endpoint: `${stack.url}/_local/oidc/authorize`,
      token_endpoint: `${stack.url}/_local/oidc/token`,
      jwks_uri: `${stack.url}/_local/oidc/jwks`,
      code_challenge_methods_supported: ['S256'],
      response_types_supported: ['code'],
    });
  });

  it('signs a clerk in with the code flow and PKCE; the access token carries the review scope and works on the review API', async () => {
    const { verifier, challenge } = pkce();
    const page = await fetch(`${metadata.authorization_endpoint}?${authorizeParameters(challenge)}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await page.text();
    expect(html).toContain('name="clerk"');
    expect(html).toContain(`value="${challenge}"`);

    const redirect = await signIn(challenge);
    expect(redirect.status).toBe(302);
    const back = new URL(redirect.location!);
    expect(`${back.origin}${back.pathname}`).toBe(callback());
    expect(back.searchParams.get('state')).toBe('state-1');
    const code = back.searchParams.get('code')!;

    const tokens = await exchange({ grant_type: 'authorization_code', code, redirect_uri: callback(), code_verifier: verifier });
    expect(tokens.status).toBe(200);
    expect(tokens.headers.get('cache-control')).toBe('no-store');
    expect(tokens.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600, access_token: expect.any(String), id_token: expect.any(String), refresh_token: expect.any(String) });
    const access = claims(tokens.body.access_token);
    expect(access).toMatchObject({ iss: config.issuer, client_id: config.clientId, username: 'wang.li', 'cognito:groups': ['clerk', 'port-MOHAN'] });
    expect(access.scope.split(' ')).toContain('permit-fast-track/review');
    const id = claims(tokens.body.id_token);
    expect(id).toMatchObject({ iss: config.issuer, aud: config.clientId, sub: access.sub });
    const queue = await stack.request('GET', '/api/review/applications?port=MOHAN', { headers: { authorization: `Bearer ${tokens.body.access_token}` } });
    expect(queue.status).toBe(200);

    // A code is spent by its first exchange.
    expect((await exchange({ grant_type: 'authorization_code', code, redirect_uri: callback(), code_verifier: verifier })).body.error).toBe('invalid_grant');

    const refreshed = await exchange({ grant_type: 'refresh_token', refresh_token: tokens.body.refresh_token });
    expect(refreshed.status).toBe(200);
    expect(claims(refreshed.body.access_token).username).toBe('wang.li');
    const revoked = await fetch(metadata.revocation_endpoint, { method: 'POST', body: new URLSearchParams({ client_id: config.clientId, token: tokens.body.refresh_token }) });
    expect(revoked.status).toBe(200);
    expect((await exchange({ grant_type: 'refresh_token', refresh_token: tokens.body.refresh_token })).body.error).toBe('invalid_grant');
  });

  it('refuses a wrong verifier, a changed redirect_uri, a plain challenge and unknown clerks', async () => {
    const { challenge } = pkce();
    const code = new URL((await signIn(challenge)).location!).searchParams.get('code')!;
    expect((await exchange({ grant_type: 'authorization_code', code, redirect_uri: callback(), code_verifier: pkce().verifier })).body.error).toBe('invalid_grant');
    const other = pkce();
    const second = new URL((await signIn(other.challenge)).location!).searchParams.get('code')!;
    expect((await exchange({ grant_type: 'authorization_code', code: second, redirect_uri: `${stack.url}/`, code_verifier: other.verifier })).body.error).toBe('invalid_grant');
    expect((await exchange({ grant_type: 'password', username: 'x' })).body.error).toBe('unsupported_grant_type');

    const refusedRequests: Record<string, string>[] = [{ redirect_uri: 'https://attacker.example/console' }, { client_id: 'someone-else' }, { code_challenge_method: 'plain' }, { scope: 'openid' }];
    for (const overrides of refusedRequests) {
      const response = await fetch(`${metadata.authorization_endpoint}?${authorizeParameters(challenge, overrides)}`, { redirect: 'manual' });
      expect(response.status, JSON.stringify(overrides)).toBe(400);
      expect(response.headers.get('location')).toBeNull();
    }
    const refused = await signIn(challenge, { clerk: 'li', ports: ['NOWHERE'] });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('Unknown port(s): NOWHERE');
  });

  it('signs out back to the console only', async () => {
    const out = await fetch(`${metadata.end_session_endpoint}?${new URLSearchParams({ client_id: config.clientId, logout_uri: callback() })}`, { redirect: 'manual' });
    expect(out.status).toBe(302);
    expect(out.headers.get('location')).toBe(callback());
    const elsewhere = await fetch(`${metadata.end_session_endpoint}?${new URLSearchParams({ client_id: config.clientId, logout_uri: 'https://attacker.example/' })}`, { redirect: 'manual' });
    expect(elsewhere.status).toBe(400);
  });
});
