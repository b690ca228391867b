/**
 * Transport behaviours that need exact control of the server: dropped connections, silence, aborts,
 * the retry budget and caps. A bare node:http server on port 0 plays the API.
 */
import { Agent, type Dispatcher } from 'undici'
import { afterEach, describe, expect, it } from 'vitest'
import type { RetryEvent } from '../../src/client/config.js'
import {
  AbortedError,
  AuthenticationError,
  ConnectionError,
  ServiceUnavailableError,
  TimeoutError,
} from '../../src/client/errors.js'
import type { RateLimitWaitEvent } from '../../src/client/rate-limit-gate.js'
import { type Handler, sendJson, startTestServer } from './helpers/test-server.js'

const ID = 'aaaaaaaaaaaaaaaaaaaaaaaa'
const evaluateBody = { metric_ids: [ID], conversation_id: 'cccccccccccccccccccccccc' }
const evaluated = { metrics: [{ metric_id: ID, value: 7, references: [], justification: 'fine' }] }
const createBody = {
  name: 'n',
  description: 'd',
  applied_to_services: [],
  additional_notes: null,
  tags: {},
  metric_value: { type: 'boolean' as const },
}

let server: Awaited<ReturnType<typeof startTestServer>> | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

/** A server whose n-th API request (from 0) is handled by `script[n]`, the last one repeating. */
async function scripted(...script: Handler[]) {
  let index = 0
  server = await startTestServer((request, response) => {
    const handler = script[Math.min(index++, script.length - 1)]
    handler?.(request, response)
  })
  return server
}

const drop: Handler = (_, response) => response.socket?.destroy()
/** Promises a long JSON answer, sends its first bytes, then closes the connection. */
const cutOff: Handler = (_, response) => {
  response.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' })
  response.write('{"metrics": [', () => response.socket?.destroy())
}
const silent: Handler = () => {}
const ok: Handler = (_, response) => sendJson(response, 200, evaluated)
const unavailable =
  (retryAfter?: string): Handler =>
  (_, response) =>
    sendJson(response, 503, { detail: 'maintenance' }, retryAfter ? { 'retry-after': retryAfter } : {})

describe('retries', () => {
  it('retries an evaluate after a dropped connection', async () => {
    const retries: RetryEvent[] = []
    const server = await scripted(drop, ok)
    const result = await server
      .client({ onRetry: (event) => retries.push(event) })
      .metrics.evaluate(evaluateBody)
    expect(result).toEqual(evaluated)
    expect(server.apiRequests()).toHaveLength(2)
    expect(retries).toEqual([
      expect.objectContaining({
        endpoint: 'POST /v1/{org}/metric/evaluate',
        attempt: 2,
        reason: 'connection error',
      }),
    ])
  })

  it('retries an evaluate whose answer was cut off mid-body', async () => {
    const server = await scripted(cutOff, ok)
    const retries: RetryEvent[] = []
    const result = await server
      .client({ onRetry: (event) => retries.push(event) })
      .metrics.evaluate(evaluateBody)
    expect(result).toEqual(evaluated)
    expect(server.apiRequests()).toHaveLength(2)
    expect(retries.map((event) => event.reason)).toEqual(['connection error'])
  })

  it('does not resend a create whose connection dropped, but does after a 503', async () => {
    const dropping = await scripted(drop, ok)
    await expect(dropping.client().metrics.create(createBody)).rejects.toBeInstanceOf(ConnectionError)
    expect(dropping.apiRequests()).toHaveLength(1)
    await dropping.close()

    const refusing = await scripted(unavailable(), (_, response) => sendJson(response, 201, { id: ID }))
    await expect(refusing.client().metrics.create(createBody)).resolves.toEqual({ id: ID })
    expect(refusing.apiRequests()).toHaveLength(2)
  })

  it('gives up after maxRetries, with the last error', async () => {
    const server = await scripted(unavailable())
    const error = await server
      .client({ maxRetries: 2 })
      .metrics.evaluate(evaluateBody)
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ServiceUnavailableError)
    expect(error).toMatchObject({
      status: 503,
      detail: 'maintenance',
      endpoint: 'POST /v1/{org}/metric/evaluate',
    })
    expect(server.apiRequests()).toHaveLength(3)
  })

  it('lets a request override maxRetries', async () => {
    const server = await scripted(unavailable())
    await expect(server.client().metrics.evaluate(evaluateBody, { maxRetries: 0 })).rejects.toThrow(
      ServiceUnavailableError,
    )
    expect(server.apiRequests()).toHaveLength(1)
  })

  it('caps an absurd Retry-After at maxRateLimitWaitMs', async () => {
    const retries: RetryEvent[] = []
    const waits: RateLimitWaitEvent[] = []
    const tooMany: Handler = (_, response) =>
      sendJson(response, 429, { detail: 'slow down' }, { 'retry-after': '86400' })
    const server = await scripted(tooMany, ok)
    const client = server.client({
      maxRateLimitWaitMs: 20,
      onRetry: (event) => retries.push(event),
      onRateLimitWait: (event) => waits.push(event),
    })
    await expect(client.metrics.evaluate(evaluateBody)).resolves.toEqual(evaluated)
    expect(retries[0]).toMatchObject({ delayMs: 20, reason: 'status 429' })
    expect(waits).toEqual([{ endpoint: 'POST /v1/{org}/metric/evaluate', waitMs: 20, reason: 'retry-after' }])
  })

  it('does not retry beyond the retry budget', async () => {
    const server = await scripted(unavailable('5'), ok)
    const error = await server
      .client({ retryBudgetMs: 1000 })
      .metrics.evaluate(evaluateBody)
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ServiceUnavailableError)
    expect(server.apiRequests()).toHaveLength(1)
  })

  it('fails with ConnectionError when nothing listens', async () => {
    const server = await scripted(ok)
    const url = server.url
    await server.close()
    const client = server.client({ baseUrl: url, maxRetries: 1 })
    const error = await client.metrics.list().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ConnectionError)
    expect(error).not.toBeInstanceOf(TimeoutError)
    expect((error as Error).message).toMatch(
      /POST \/v1\/\{org\}\/user\/signin_with_api_key: no response from http:\/\/127\.0\.0\.1:\d+: .*ECONNREFUSED/,
    )
  })
})

describe('dispatcher', () => {
  /** An undici Agent that counts the requests it carries. */
  class CountingAgent extends Agent {
    readonly origins: string[] = []
    override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
      this.origins.push(String(options.origin))
      return super.dispatch(options, handler)
    }
  }

  it('sends every request, sign-in included, through the dispatcher given', async () => {
    const server = await scripted(ok)
    const dispatcher = new CountingAgent()
    try {
      await server.client({ dispatcher }).metrics.evaluate(evaluateBody)
      expect(dispatcher.origins).toEqual([server.url, server.url])
      expect(server.apiRequests()).toHaveLength(1)
    } finally {
      await dispatcher.close()
    }
  })
})

describe('timeouts and aborts', () => {
  it('fails clearly when the server never answers', async () => {
    const server = await scripted(silent)
    const error = await server
      .client({ timeoutMs: 100, maxRetries: 1 })
      .metrics.evaluate(evaluateBody)
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TimeoutError)
    expect(error).toMatchObject({
      code: 'AMIGO_TIMEOUT',
      timeoutMs: 100,
      endpoint: 'POST /v1/{org}/metric/evaluate',
    })
    expect((error as Error).message).toBe(
      'POST /v1/{org}/metric/evaluate: no response within 100 ms (timeoutMs)',
    )
    expect(server.apiRequests()).toHaveLength(2)
  })

  it('lets a request override timeoutMs', async () => {
    const server = await scripted(silent)
    const client = server.client({ maxRetries: 0 })
    await expect(client.metrics.evaluate(evaluateBody, { timeoutMs: 50 })).rejects.toMatchObject({
      timeoutMs: 50,
    })
  })

  it('stops at once on the caller abort and does not retry', async () => {
    const controller = new AbortController()
    const server = await scripted((_, __) => controller.abort(new Error('user gave up')))
    const error = await server
      .client()
      .metrics.evaluate(evaluateBody, { signal: controller.signal })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AbortedError)
    expect(error).toMatchObject({ code: 'AMIGO_ABORTED', endpoint: 'POST /v1/{org}/metric/evaluate' })
    expect(server.apiRequests()).toHaveLength(1)
  })

  it('stops a retry wait on abort', async () => {
    const controller = new AbortController()
    const server = await scripted(unavailable('30'))
    const client = server.client({ onRetry: () => controller.abort() })
    await expect(client.metrics.evaluate(evaluateBody, { signal: controller.signal })).rejects.toBeInstanceOf(
      AbortedError,
    )
    expect(server.apiRequests()).toHaveLength(1)
  })

  it('rejects an already aborted call without a request', async () => {
    const server = await scripted(ok)
    await expect(server.client().metrics.list({}, { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(
      AbortedError,
    )
    expect(server.requests).toHaveLength(0)
  })
})

describe('sign-in', () => {
  it('fails with AuthenticationError when the key is refused, without retrying it', async () => {
    server = await startTestServer((_, response) => sendJson(response, 401, { detail: 'Invalid API key' }), {
      handleSignIn: true,
    })
    const error = await server
      .client()
      .metrics.list()
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AuthenticationError)
    expect((error as Error).message).toBe('401 POST /v1/{org}/user/signin_with_api_key: Invalid API key')
    expect(server.requests).toHaveLength(1)
  })

  it('fails with ResponseValidationError on an unreadable expires_at', async () => {
    server = await startTestServer(
      (_, response) => sendJson(response, 200, { id_token: 'tok-123456', expires_at: 'later' }),
      {
        handleSignIn: true,
      },
    )
    await expect(server.client().metrics.list()).rejects.toThrow(
      /signin_with_api_key: unexpected response body: expires_at/,
    )
  })
})

describe('rate limits without headers', () => {
  it('sends one call first, then the rest together once an answer shows no rate-limit headers', async () => {
    let inFlight = 0
    const concurrency: number[] = []
    server = await startTestServer((_, response) => {
      inFlight += 1
      concurrency.push(inFlight)
      setTimeout(() => {
        inFlight -= 1
        sendJson(response, 200, evaluated)
      }, 30)
    })
    const amigo = server.client()
    await Promise.all(Array.from({ length: 5 }, () => amigo.metrics.evaluate(evaluateBody)))
    expect(concurrency).toEqual([1, 1, 2, 3, 4])
  })
})
