import {
  type AmigoErrorCode,
  type ApiError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServiceUnavailableError,
  UnprocessableEntityError,
} from '../../../src/client/errors.js'

/** Status -> error class and code, for every status a server can answer without a sign-in retry. */
export const STATUS_CLASSES: readonly (readonly [
  number,
  new (...args: never[]) => ApiError,
  AmigoErrorCode,
])[] = [
  [400, BadRequestError, 'AMIGO_BAD_REQUEST'],
  [403, PermissionDeniedError, 'AMIGO_PERMISSION_DENIED'],
  [404, NotFoundError, 'AMIGO_NOT_FOUND'],
  [409, ConflictError, 'AMIGO_CONFLICT'],
  [422, UnprocessableEntityError, 'AMIGO_UNPROCESSABLE_ENTITY'],
  [429, RateLimitError, 'AMIGO_RATE_LIMIT'],
  [500, InternalServerError, 'AMIGO_INTERNAL_SERVER'],
  [502, InternalServerError, 'AMIGO_INTERNAL_SERVER'],
  [503, ServiceUnavailableError, 'AMIGO_SERVICE_UNAVAILABLE'],
]
