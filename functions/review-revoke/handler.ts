import { principalOf } from '../../shared/http/auth.ts';
import { httpHandler, json, parseBody, pathParameter, type HttpEvent, type HttpResult } from '../../shared/http/http.ts';
import { revocationSchema } from '../../shared/domain/review-schemas.ts';
import { revoke } from '../../shared/use-cases/review.ts';

/** `POST /api/review/applications/{id}/revoke`: a supervisor withdraws an approved permit. */
export async function revocation(event: HttpEvent): Promise<HttpResult> {
  const principal = principalOf(event);
  return json(200, await revoke(principal, pathParameter(event, 'id'), parseBody(revocationSchema, event)));
}

export const handler = httpHandler(revocation);
