import { httpHandlerWith, json, type HttpResult } from '../../shared/http/core.ts';
import { ports } from '../../shared/domain/ports.ts';
import type { PortList } from '../../shared/domain/responses.ts';

/** `GET /api/ports`: the ports, their calendars and the vehicles they admit. */
export async function listPorts(): Promise<HttpResult> {
  return json(200, { ports: [...ports] } satisfies PortList, { 'cache-control': 'public, max-age=300' });
}

// It calls no AWS service, so it loads no tracer (Lambda's active tracing still records it).
export const handler = httpHandlerWith(listPorts);
