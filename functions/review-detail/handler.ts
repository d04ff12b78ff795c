import { principalOf } from '../../shared/http/auth.ts';
import { httpHandler, json, pathParameter, type HttpEvent, type HttpResult } from '../../shared/http/http.ts';
import { getReviewDetail } from '../../shared/use-cases/review.ts';

/** `GET /api/review/applications/{id}`: the full application with flags, claim and history. */
export async function reviewDetail(event: HttpEvent): Promise<HttpResult> {
  return json(200, await getReviewDetail(principalOf(event), pathParameter(event, 'id')));
}

export const handler = httpHandler(reviewDetail);
