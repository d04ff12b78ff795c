import { principalOf } from '../../shared/http/auth.ts';
import { httpHandler, json, pathParameter, type HttpEvent, type HttpResult } from '../../shared/http/http.ts';
import { claimForReview } from '../../shared/use-cases/review.ts';

/** `POST /api/review/applications/{id}/claim`: take or renew the 15-minute lease. */
export async function claim(event: HttpEvent): Promise<HttpResult> {
  return json(200, await claimForReview(principalOf(event), pathParameter(event, 'id')));
}

export const handler = httpHandler(claim);
