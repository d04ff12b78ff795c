/**
 * The console's OpenID Connect sign-in, as both environments describe it: the scopes the console asks for
 * and the issuer metadata served on the console's own origin at /.well-known/openid-configuration (by the
 * local issuer locally, as a file beside the pages in AWS, where the token and revocation endpoints are
 * Cognito's behind the same CloudFront origin, so `connect-src 'self'` holds).
 */
import type { ConsoleConfig } from '../domain/console-config.ts';
import { reviewScopeName } from './routes.ts';

/** An ID token for the console, and an access token that the review routes accept. */
export const consoleScopes = ['openid', reviewScopeName] as const;

export const consoleConfig = (issuer: string, clientId: string): ConsoleConfig => ({ issuer, clientId, scope: consoleScopes.join(' ') });

export interface IssuerEndpoints {
  issuer: string;
  authorization: string;
  token: string;
  revocation: string;
  /** Cognito's `/logout` (query `client_id` and `logout_uri`); the local issuer answers the same. */
  endSession: string;
  jwks: string;
}

/** Authorization server metadata (RFC 8414 / OpenID Connect Discovery) for the code flow with PKCE. */
export function openIdConfiguration(endpoints: IssuerEndpoints) {
  return {
    issuer: endpoints.issuer,
    authorization_endpoint: endpoints.authorization,
    token_endpoint: endpoints.token,
    revocation_endpoint: endpoints.revocation,
    end_session_endpoint: endpoints.endSession,
    jwks_uri: endpoints.jwks,
    response_types_supported: ['code'],
    grant_types_supported: ['authorization_code', 'refresh_token'],
    code_challenge_methods_supported: ['S256'],
    scopes_supported: [...consoleScopes],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    token_endpoint_auth_methods_supported: ['none'],
  };
}
