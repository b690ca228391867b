import { describe, expect, it } from 'vitest'
import { errorFromResponse } from '../../src/client/error-response.js'
import {
  AbortedError,
  AmigoError,
  ApiError,
  AuthenticationError,
  ConfigurationError,
  ConflictError,
  ConnectionError,
  NotFoundError,
  RateLimitError,
  ResponseValidationError,
  TimeoutError,
} from '../../src/client/errors.js'
import { STATUS_CLASSES } from './helpers/status-table.js'

const endpoint = 'POST /v1/{org}/metric/evaluate'
const fromBody = (status: number, body: unknown) =>
  errorFromResponse({
    status,
    endpoint,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    redact: (text) => text.replaceAll('sekrit-key', '[REDACTED]'),
  })

describe('errorFromResponse', () => {
  it.each([
    ...STATUS_CLASSES,
    [401, AuthenticationError, 'AMIGO_AUTHENTICATION'],
    [418, ApiError, 'AMIGO_API_ERROR'],
  ] as const)('maps %i to %o with code %s', (status, ErrorClass, code) => {
    const error = fromBody(status, { detail: 'nope' })
    expect(error).toBeInstanceOf(ErrorClass)
    expect(error).toBeInstanceOf(ApiError)
    expect(error).toBeInstanceOf(AmigoError)
    expect(error.constructor).toBe(ErrorClass)
    expect(error).toMatchObject({ code, status, endpoint, detail: 'nope', name: ErrorClass.name })
    expect(error.message).toBe(`${status} ${endpoint}: nope`)
  })

  it('pretty-prints a FastAPI validation list', () => {
    const error = fromBody(422, {
      detail: [
        { loc: ['body', 'metric_ids', 10], msg: 'List should have at most 10 items', type: 'too_long' },
        {
          loc: ['body', 'conversation_id'],
          msg: 'String should match pattern',
          type: 'string_pattern_mismatch',
        },
      ],
    })
    expect(error.message).toBe(
      `422 ${endpoint}: request validation failed:\n` +
        '  - body.metric_ids[10]: List should have at most 10 items (too_long)\n' +
        '  - body.conversation_id: String should match pattern (string_pattern_mismatch)',
    )
  })

  it('falls back to message, error, raw text, then says there was no detail', () => {
    expect(fromBody(500, { message: 'boom' }).detail).toBe('boom')
    expect(fromBody(500, { error: 'bang' }).detail).toBe('bang')
    expect(fromBody(502, '<html>Bad gateway</html>').detail).toBe('<html>Bad gateway</html>')
    expect(fromBody(503, '').message).toBe(`503 ${endpoint}: no error detail in the response`)
  })

  it('redacts the detail', () => {
    const error = fromBody(401, { detail: 'key sekrit-key is revoked' })
    expect(error.message).not.toContain('sekrit-key')
    expect(JSON.stringify(error)).not.toContain('sekrit-key')
  })
})

describe('toJSON', () => {
  it('gives name, code, message and own fields, without cause or stack', () => {
    const error = new ConnectionError('POST x: socket hang up', {
      endpoint,
      cause: new Error('inner secret'),
    })
    expect(error.toJSON()).toEqual({
      name: 'ConnectionError',
      code: 'AMIGO_CONNECTION',
      message: 'POST x: socket hang up',
      endpoint,
    })
  })

  it('includes status-specific fields', () => {
    const error = errorFromResponse({
      status: 429,
      endpoint,
      body: '{"detail":"slow down"}',
      retryAfterMs: 2000,
      redact: String,
    })
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: 'RateLimitError',
      code: 'AMIGO_RATE_LIMIT',
      message: `429 ${endpoint}: slow down`,
      status: 429,
      endpoint,
      detail: 'slow down',
      retryAfterMs: 2000,
    })
  })
})

describe('the other errors', () => {
  it('have their codes and parents', () => {
    const timeout = new TimeoutError({ endpoint, timeoutMs: 50 })
    expect(timeout).toBeInstanceOf(ConnectionError)
    expect(timeout.code).toBe('AMIGO_TIMEOUT')
    expect(timeout.message).toBe(`${endpoint}: no response within 50 ms (timeoutMs)`)
    expect(new AbortedError({ endpoint }).code).toBe('AMIGO_ABORTED')
    expect(new ConfigurationError('x', { option: 'apiKey', envVar: 'AMIGO_API_KEY' }).code).toBe(
      'AMIGO_CONFIGURATION',
    )
    const invalid = new ResponseValidationError({
      endpoint,
      status: 200,
      issues: [{ path: 'metrics[0].value', message: 'bad' }],
    })
    expect(invalid.code).toBe('AMIGO_RESPONSE_VALIDATION')
    expect(invalid.message).toBe(`200 ${endpoint}: unexpected response body: metrics[0].value: bad`)
    expect(timeout).not.toBeInstanceOf(ApiError)
    expect(invalid).not.toBeInstanceOf(ConnectionError)
  })

  it('are not confused with plain errors', () => {
    expect(new Error('x')).not.toBeInstanceOf(AmigoError)
    expect(null).not.toBeInstanceOf(AmigoError)
  })
})

describe('instanceof across two copies of the module', () => {
  it('recognises errors made by another copy', async () => {
    // The query string makes Vite load a second, separate instance of the module.
    const secondCopy = '../../src/client/errors.js?second-copy'
    const copy = (await import(/* @vite-ignore */ secondCopy)) as typeof import('../../src/client/errors.js')
    expect(copy.NotFoundError).not.toBe(NotFoundError)
    const foreign = new copy.NotFoundError({ status: 404, endpoint, detail: 'gone' })
    expect(foreign instanceof NotFoundError).toBe(true)
    expect(foreign instanceof ApiError).toBe(true)
    expect(foreign instanceof AmigoError).toBe(true)
    expect(foreign instanceof ConflictError).toBe(false)
    expect(new RateLimitError({ status: 429, endpoint }) instanceof copy.RateLimitError).toBe(true)
    expect(new RateLimitError({ status: 429, endpoint }) instanceof copy.NotFoundError).toBe(false)
  })
})
