/** The HTTP edge of every API handler that calls an AWS service: core.ts, traced. */
import { traceInvocation } from '../adapters/tracing.ts';
import { httpHandlerWith, type HttpHandler } from './core.ts';

export * from './core.ts';

/** Wraps a plain handler: request context in logs, metrics flushed, traced, every error mapped to a contract body. */
export const httpHandler = (run: HttpHandler) => httpHandlerWith(run, traceInvocation());
