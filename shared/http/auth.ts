/**
 * Who is calling a review route. In AWS the HTTP API's JWT authorizer has verified the Cognito token and
 * passes its claims in the event; locally the gateway does the same with the local issuer's tokens.
 * Ports and role come from Cognito groups: `port-MOHAN`, `port-DALUO`, ... and `clerk` or `supervisor`.
 */
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { forbidden, unauthorized } from '../domain/errors.ts';
import type { Principal, Role } from '../domain/principal.ts';


/** API Gateway flattens array claims to `"[a b c]"`; tokens minted elsewhere may carry real arrays. */
function claimList(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value !== 'string') return [];
  const trimmed = value.trim();
  if (trimmed.startsWith('[') && trimmed.endsWith(']')) {
    const inner = trimmed.slice(1, -1).trim();
    if (inner.startsWith('"')) {
      try {
        return (JSON.parse(trimmed) as unknown[]).map(String);
      } catch {
        return [];
      }
    }
    return inner.split(/[\s,]+/).filter(Boolean);
  }
  return trimmed.split(/[\s,]+/).filter(Boolean);
}

export function principalOf(event: { requestContext: unknown }): Principal {
  const claims = (event as APIGatewayProxyEventV2WithJWTAuthorizer).requestContext?.authorizer?.jwt?.claims;
  const clerkId = claims?.username ?? claims?.['cognito:username'] ?? claims?.sub;
  if (!claims || typeof clerkId !== 'string' || clerkId === '') throw unauthorized();
  const groups = claimList(claims['cognito:groups']);
  const role: Role | undefined = groups.includes('supervisor') ? 'supervisor' : groups.includes('clerk') ? 'clerk' : undefined;
  if (!role) throw forbidden('This token carries no clerk or supervisor role.');
  const ports = groups.filter((group) => group.startsWith('port-')).map((group) => group.slice('port-'.length));
  return { clerkId, role, ports };
}
