import { principalOf } from '../../shared/http/auth.ts';
import { httpHandler, json, pathParameter, type HttpEvent, type HttpResult } from '../../shared/http/http.ts';
import { releaseForReview } from '../../shared/use-cases/review.ts';

/** `POST /api/review/applications/{id}/release`: give the lease back (a supervisor may release anyone's). */
export async function release(event: HttpEvent): Promise<HttpResult> {
  return json(200, await releaseForReview(principalOf(event), pathParameter(event, 'id')));
}

export const handler = httpHandler(release);
