/**
 * Secrets never surface: every message, stack, `toJSON`, inspection, event and debug log line of a run
 * full of failing calls is searched for the API key, the key ID and every bearer token the client sent.
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel'
import type { ClientRequest } from 'node:http'
import { inspect } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AmigoClientOptions } from '../../src/client/config.js'
import { AmigoError } from '../../src/client/errors.js'
import { EVALUATE_BODY, startSimulated } from './helpers/simulated-client.js'
import { sendJson, startTestServer, TEST_CREDENTIALS, TEST_TOKEN } from './helpers/test-server.js'

/** Bearer tokens seen on the wire, read from node:http's own diagnostics channel. */
const sentTokens = new Set<string>()
const onRequest = (message: unknown): void => {
  const authorization = (message as { request: ClientRequest }).request.getHeader('authorization')
  const token = /^Bearer (\S+)$/.exec(String(authorization ?? ''))?.[1]
  if (token) sentTokens.add(token)
}
beforeAll(() => subscribe('http.client.request.start', onRequest))
afterAll(() => unsubscribe('http.client.request.start', onRequest))

/** Everything a failing call can show a user. */
function collector() {
  const outputs: string[] = []
  const options: AmigoClientOptions = {
    logLevel: 'debug',
    logger: (line) => outputs.push(line),
    onRetry: (event) => outputs.push(JSON.stringify(event)),
    onRateLimitWait: (event) => outputs.push(JSON.stringify(event)),
    maxRetries: 1,
    timeoutMs: 300,
  }
  const errors: unknown[] = []
  const fail = async (call: Promise<unknown>) => {
    const error = await call.then(
      () => undefined,
      (caught: unknown) => caught,
    )
    expect(error).toBeInstanceOf(AmigoError)
    errors.push(error)
    const amigoError = error as AmigoError
    outputs.push(
      amigoError.message,
      String(amigoError.stack),
      JSON.stringify(amigoError),
      inspect(amigoError, { depth: 5 }),
    )
  }
  return { outputs, errors, options, fail }
}

describe('secrets in the output of failing calls', () => {
  it('never show the key, key ID or token against the simulator', async () => {
    const { simulator, client } = await startSimulated()
    try {
      const { outputs, errors, options, fail } = collector()
      const amigo = client(options)
      await amigo.metrics.list() // signs in
      const { faults } = simulator
      const rules = [
        { status: 400 },
        { status: 403 },
        { status: 404 },
        { status: 422 },
        { status: 429, retryAfter: '0' },
        { status: 500 },
        { status: 503, retryAfter: '0' },
      ] as const
      for (const rule of rules) {
        faults.add({ endpoint: 'metrics.evaluate', fault: { kind: 'status', ...rule }, times: 2 })
        await fail(amigo.metrics.evaluate(EVALUATE_BODY))
      }
      faults.add({ endpoint: 'metrics.evaluate', fault: { kind: 'drop' }, times: 2 })
      await fail(amigo.metrics.evaluate(EVALUATE_BODY))
      faults.add({ endpoint: 'metrics.evaluate', fault: { kind: 'delay', ms: 2000 }, times: 2 })
      await fail(amigo.metrics.evaluate(EVALUATE_BODY))
      faults.add({ endpoint: 'metrics.evaluate', fault: { kind: 'malformed-json' }, times: 1 })
      await fail(amigo.metrics.evaluate(EVALUATE_BODY))
      faults.add({ endpoint: 'metrics.get', fault: { kind: 'schema-mismatch' }, times: 1 })
      await fail(amigo.metrics.list())
      faults.add({ endpoint: 'metrics.get', fault: { kind: 'status', status: 401 }, times: 2 })
      await fail(amigo.metrics.list())
      simulator.revokeTokens()
      faults.add({ endpoint: 'signin', fault: { kind: 'status', status: 401 }, times: 5 })
      await fail(amigo.metrics.list())
      faults.clear()
      await fail(amigo.metrics.evaluate(EVALUATE_BODY, { signal: AbortSignal.abort() }))
      await fail(amigo.metrics.delete('not-an-id'))
      await fail(client({ ...options, apiKey: `${simulator.credentials.apiKey}-wrong` }).metrics.list())

      const secrets = [simulator.credentials.apiKey, simulator.credentials.apiKeyId, ...sentTokens]
      expect(sentTokens.size).toBeGreaterThanOrEqual(2)
      expect(errors.length).toBeGreaterThanOrEqual(15)
      expect(outputs.some((line) => line.startsWith('[vitest-amigo] ->'))).toBe(true)
      const everything = outputs.join('\n')
      for (const secret of secrets) expect(everything).not.toContain(secret)
    } finally {
      await simulator.close()
    }
  })

  it('are redacted when a server echoes them back', async () => {
    const server = await startTestServer((request, response) => {
      const echoed = `key ${TEST_CREDENTIALS.apiKey} id ${TEST_CREDENTIALS.apiKeyId} ${request.headers.authorization}`
      if (request.url.includes('search')) {
        sendJson(response, 422, { detail: [{ loc: ['query', 'query'], msg: echoed, type: 'value_error' }] })
      } else if (request.method === 'GET') {
        response.writeHead(502, { 'content-type': 'text/plain' })
        response.end(`upstream said: ${echoed} token=${TEST_TOKEN}`)
      } else {
        sendJson(response, 400, { detail: echoed })
      }
    })
    try {
      const { outputs, options, fail } = collector()
      const amigo = server.client({ ...options, maxRetries: 0 })
      await fail(amigo.metrics.search({ query: 'q' }))
      await fail(amigo.metrics.list())
      await fail(
        amigo.metrics.evaluate({
          metric_ids: ['aaaaaaaaaaaaaaaaaaaaaaaa'],
          conversation_id: 'cccccccccccccccccccccccc',
        }),
      )
      const everything = outputs.join('\n')
      expect(everything).toContain('[REDACTED]')
      for (const secret of [TEST_CREDENTIALS.apiKey, TEST_CREDENTIALS.apiKeyId, TEST_TOKEN]) {
        expect(everything).not.toContain(secret)
      }
    } finally {
      await server.close()
    }
  })
})
