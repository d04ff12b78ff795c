/** Typed domain errors. One mapper (shared/http.ts) turns them into the contract's error bodies. */

export interface ValidationIssue {
  path: string;
  message: string;
}

export type ErrorCode =
  | 'ValidationError'
  | 'Unauthorized'
  | 'Forbidden'
  | 'NotFound'
  | 'Conflict'
  | 'PayloadTooLarge'
  | 'UnsupportedMediaType'
  | 'TooManyRequests'
  | 'InternalError';

export const statusByCode: Record<ErrorCode, number> = {
  ValidationError: 400,
  Unauthorized: 401,
  Forbidden: 403,
  NotFound: 404,
  Conflict: 409,
  PayloadTooLarge: 413,
  UnsupportedMediaType: 415,
  TooManyRequests: 429,
  InternalError: 500,
};

export const errorCodes = Object.keys(statusByCode) as ErrorCode[];

export class DomainError extends Error {
  readonly statusCode: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = code;
    this.statusCode = statusByCode[code];
  }

  toBody(): Record<string, unknown> {
    return { error: this.code, message: this.message };
  }
}

export class ValidationError extends DomainError {
  constructor(
    readonly issues: ValidationIssue[],
    message = 'The request has invalid fields.',
  ) {
    super('ValidationError', message);
  }

  override toBody(): Record<string, unknown> {
    return { ...super.toBody(), issues: this.issues };
  }
}

export const notFound = (message = 'No such application, or the access token does not match.') =>
  new DomainError('NotFound', message);
export const conflict = (message: string) => new DomainError('Conflict', message);
export const unauthorized = (message = 'A valid bearer token is required.') => new DomainError('Unauthorized', message);
export const forbidden = (message = 'This token does not allow that.') => new DomainError('Forbidden', message);
