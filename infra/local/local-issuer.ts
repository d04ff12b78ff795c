/**
 * The local stand-in for the Cognito user pool: an RS256 key pair kept in `.local-data/issuer/`, tokens
 * shaped like Cognito access tokens (with the review scope, an hour long), and the checks API Gateway's
 * JWT authorizer makes (signature, issuer, audience via `client_id`, expiry; the local gateway checks the
 * route's scope). Never used in AWS.
 */
import { createPrivateKey, createPublicKey, createSign, createVerify, generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { portCodes } from '../../shared/domain/ports.ts';
import { portGroup, type Role } from '../../shared/domain/principal.ts';
import { reviewScopeName } from '../../shared/deployment/routes.ts';
import { decodeJwsPart } from '../../shared/domain/permit-token.ts';
import { writeOnce } from '../../shared/adapters/write-once.ts';

export const localIssuer = 'http://127.0.0.1/local-issuer';
export const localClientId = 'permit-console-local';
/** As the console client's access tokens in AWS (infra/stateful-stack.ts). */
const TOKEN_LIFETIME_SECONDS = 60 * 60;

const repositoryRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const defaultIssuerDirectory = join(repositoryRoot, '.local-data', 'issuer');

export interface IssuerKeys {
  privateKey: KeyObject;
  publicKey: KeyObject;
  keyId: string;
}

/** Loads the key pair, creating it on first use; concurrent first uses agree on one pair. */
export function loadIssuerKeys(directory = defaultIssuerDirectory): IssuerKeys {
  const keyPath = join(directory, 'private-key.pem');
  let pem: string;
  try {
    pem = readFileSync(keyPath, 'utf8');
  } catch {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    writeOnce(keyPath, privateKey.export({ type: 'pkcs8', format: 'pem' }) as string);
    pem = readFileSync(keyPath, 'utf8');
  }
  const privateKey = createPrivateKey(pem);
  const publicKey = createPublicKey(privateKey);
  const keyId = (publicKey.export({ format: 'jwk' }).n as string).slice(0, 16);
  return { privateKey, publicKey, keyId };
}

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

export interface TokenRequest {
  clerkId: string;
  ports: string[];
  role: Role;
  /** Seconds since the epoch; tests move it to mint expired tokens. */
  issuedAt?: number;
  lifetimeSeconds?: number;
  /** An access token (the default, with the review scope) or an ID token (audience, no scope), as Cognito issues them. */
  use?: 'access' | 'id';
  /** The `sub` claim: random unless given (the sign-in flow gives one clerk the same subject in every token). */
  subject?: string;
}

export function mintToken(keys: IssuerKeys, request: TokenRequest): string {
  const issuedAt = request.issuedAt ?? Math.floor(Date.now() / 1000);
  const header = { alg: 'RS256', typ: 'JWT', kid: keys.keyId };
  const audience =
    request.use === 'id'
      ? { aud: localClientId, token_use: 'id', 'cognito:username': request.clerkId }
      : { client_id: localClientId, token_use: 'access', scope: `openid ${reviewScopeName}`, username: request.clerkId };
  const claims = {
    sub: request.subject ?? randomUUID(),
    'cognito:groups': [request.role, ...request.ports.map(portGroup)],
    iss: localIssuer,
    ...audience,
    auth_time: issuedAt,
    iat: issuedAt,
    exp: issuedAt + (request.lifetimeSeconds ?? TOKEN_LIFETIME_SECONDS),
    jti: randomUUID(),
  };
  const signingInput = `${encode(header)}.${encode(claims)}`;
  const signature = createSign('RSA-SHA256').update(signingInput).sign(keys.privateKey).toString('base64url');
  return `${signingInput}.${signature}`;
}

/** A token request as a person types it (clerk id, port codes, role): checked, or the reason it is refused. */
export function tokenRequestFrom(input: { clerk?: string; ports: string[]; role?: string }): TokenRequest | { refused: string } {
  const clerkId = input.clerk?.trim();
  const ports = input.ports.map((port) => port.trim().toUpperCase()).filter(Boolean);
  const unknown = ports.filter((port) => !portCodes.includes(port));
  if (!clerkId || ports.length === 0) return { refused: 'Give a clerk id and at least one port.' };
  if (unknown.length > 0) return { refused: `Unknown port(s): ${unknown.join(', ')}. Known: ${portCodes.join(', ')}.` };
  const role = input.role ?? 'clerk';
  if (role !== 'clerk' && role !== 'supervisor') return { refused: 'The role is clerk or supervisor.' };
  return { clerkId, ports, role };
}

/** The public half of the key as a JWKS, what Cognito publishes at its jwks_uri. */
export function issuerJwks(keys: IssuerKeys) {
  return { keys: [{ ...keys.publicKey.export({ format: 'jwk' }), kid: keys.keyId, alg: 'RS256', use: 'sig' }] };
}

export type VerifiedClaims = Record<string, unknown>;

/** What API Gateway's JWT authorizer checks; `undefined` means 401. */
export function verifyToken(keys: IssuerKeys, token: string, nowSeconds = Math.floor(Date.now() / 1000)): VerifiedClaims | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [encodedHeader, encodedClaims, signature] = parts as [string, string, string];
  try {
    const [headerBytes, claimsBytes, signatureBytes] = [encodedHeader, encodedClaims, signature].map(decodeJwsPart);
    if (!headerBytes || !claimsBytes || !signatureBytes) return undefined;
    const header = JSON.parse(headerBytes.toString('utf8'));
    if (header.alg !== 'RS256' || header.kid !== keys.keyId) return undefined;
    const valid = createVerify('RSA-SHA256').update(`${encodedHeader}.${encodedClaims}`).verify(keys.publicKey, signatureBytes);
    if (!valid) return undefined;
    const claims = JSON.parse(claimsBytes.toString('utf8')) as VerifiedClaims;
    if (claims.iss !== localIssuer) return undefined;
    if (claims.client_id !== localClientId && claims.aud !== localClientId) return undefined;
    if (typeof claims.exp !== 'number' || claims.exp <= nowSeconds) return undefined;
    if (typeof claims.nbf === 'number' && claims.nbf > nowSeconds) return undefined;
    return claims;
  } catch {
    return undefined;
  }
}

/** API Gateway hands claims to the function as strings, arrays flattened to `[a b c]`. */
export function claimsAsApiGatewayPassesThem(claims: VerifiedClaims): Record<string, string | number | boolean> {
  return Object.fromEntries(
    Object.entries(claims).map(([name, value]) => [
      name,
      Array.isArray(value) ? `[${value.join(' ')}]` : typeof value === 'object' && value !== null ? JSON.stringify(value) : (value as string | number | boolean),
    ]),
  );
}
