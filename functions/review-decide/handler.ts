import { principalOf } from '../../shared/http/auth.ts';
import { httpHandler, json, parseBody, pathParameter, type HttpEvent, type HttpResult } from '../../shared/http/http.ts';
import { configuredSigner } from '../../shared/adapters/permit-signers.ts';
import { decisionSchema } from '../../shared/domain/review-schemas.ts';
import { decide } from '../../shared/use-cases/review.ts';

const signer = configuredSigner();

/** `POST /api/review/applications/{id}/decision`: approve, reject or request information. */
export async function decision(event: HttpEvent): Promise<HttpResult> {
  const principal = principalOf(event);
  return json(200, await decide(principal, pathParameter(event, 'id'), parseBody(decisionSchema, event), signer));
}

export const handler = httpHandler(decision);
