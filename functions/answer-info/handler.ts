import { bearerToken, httpHandler, json, parseBody, pathParameter, type HttpEvent, type HttpResult } from '../../shared/http/http.ts';
import { infoAnswerSchema } from '../../shared/domain/review-schemas.ts';
import { answerInfoRequest } from '../../shared/use-cases/answer-info.ts';

/** `POST /api/applications/{id}/info`: the applicant answers a request for information. */
export async function answerInfo(event: HttpEvent): Promise<HttpResult> {
  const answer = parseBody(infoAnswerSchema, event);
  return json(202, await answerInfoRequest(pathParameter(event, 'id'), bearerToken(event), answer));
}

export const handler = httpHandler(answerInfo);
