import { principalOf } from '../../shared/auth.ts';
import { httpHandler, json, parseQuery, type HttpEvent, type HttpResult } from '../../shared/http.ts';
import { reviewQueueQuerySchema } from '../../shared/review-schemas.ts';
import { listReviewQueue } from '../../shared/use-cases/review.ts';

/** `GET /api/review/applications?port=`: the port's open applications, most urgent first. */
export async function listQueue(event: HttpEvent): Promise<HttpResult> {
  const principal = principalOf(event);
  return json(200, await listReviewQueue(principal, parseQuery(reviewQueueQuerySchema, event)));
}

export const handler = httpHandler(listQueue);
