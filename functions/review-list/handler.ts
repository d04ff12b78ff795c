import { principalOf } from '../../shared/http/auth.ts';
import { httpHandler, json, parseQuery, type HttpEvent, type HttpResult } from '../../shared/http/http.ts';
import { reviewQueueQuerySchema } from '../../shared/domain/review-schemas.ts';
import { listReviewQueue } from '../../shared/use-cases/review.ts';

/** `GET /api/review/applications?port=`: the port's open applications, most urgent first. */
export async function listQueue(event: HttpEvent): Promise<HttpResult> {
  const principal = principalOf(event);
  return json(200, await listReviewQueue(principal, parseQuery(reviewQueueQuerySchema, event)));
}

export const handler = httpHandler(listQueue);
