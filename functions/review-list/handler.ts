import { principalOf } from '../../shared/http/auth.ts';
import { httpHandler, json, parseQuery, type HttpEvent, type HttpResult } from '../../shared/http/http.ts';
import { reviewQueueQuerySchema } from '../../shared/domain/review-schemas.ts';
import { listAuditSample } from '../../shared/use-cases/audit.ts';
import { listReviewQueue } from '../../shared/use-cases/review.ts';

/** `GET /api/review/applications?port=`: the port's open applications, earliest deadline first; `&audit=` its audit lists. */
export async function listQueue(event: HttpEvent): Promise<HttpResult> {
  const principal = principalOf(event);
  const query = parseQuery(reviewQueueQuerySchema, event);
  return json(200, query.audit ? await listAuditSample(principal, query) : await listReviewQueue(principal, query));
}

export const handler = httpHandler(listQueue);
