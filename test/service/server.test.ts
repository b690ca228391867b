import { createServer } from 'node:net'
import { request } from 'undici'
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { createEvaluationCache } from '../../src/cache/index.js'
import { EvaluationService } from '../../src/service/evaluation-service.js'
import { SECRET_HEADER } from '../../src/service/protocol.js'
import { RemoteEvaluationBackend } from '../../src/service/remote.js'
import { type EvaluationServer, startEvaluationServer } from '../../src/service/server.js'
import { conversationRefs, sampleEntry, temporaryCacheDir } from './service-fixtures.js'

const organization = 'channel-org'
const [conversation] = conversationRefs(1)
const location = { organization, ...conversation! }

let server: EvaluationServer
let remote: RemoteEvaluationBackend

beforeEach(async () => {
  vi.stubEnv('AMIGO_API_KEY', '')
  const cacheDir = await temporaryCacheDir()
  const cache = createEvaluationCache({ cacheDir, mode: 'replay' })
  await cache.put(location, [sampleEntry()])
  const service = new EvaluationService({ mode: 'replay', cache, client: { organization } })
  server = await startEvaluationServer(service)
  remote = new RemoteEvaluationBackend({ url: server.url, secret: server.secret })
})

afterEach(async () => {
  await remote.close()
  await server.close()
})

function post(
  path: string,
  body: string,
  headers: Record<string, string> = { [SECRET_HEADER]: server.secret },
) {
  return request(`${server.url}${path}`, { method: 'POST', body, headers }).then(async (response) => ({
    status: response.statusCode,
    body: (await response.body.json()) as { result?: unknown; error?: string },
  }))
}

describe('the evaluation server', () => {
  test('listens on loopback with a random secret', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(server.secret.length).toBeGreaterThanOrEqual(40)
  })

  test('refuses a request without the secret or with a wrong one', async () => {
    const body = JSON.stringify({})
    for (const headers of [{}, { [SECRET_HEADER]: 'wrong' }, { [SECRET_HEADER]: `${server.secret}x` }]) {
      const answer = await post('/stats', body, headers)
      expect(answer.status).toBe(401)
      expect(answer.body.error).toContain(`missing or wrong ${SECRET_HEADER}`)
      expect(answer.body.result).toBeUndefined()
    }
  })

  test('rejects malformed requests with 400 and says what is wrong', async () => {
    const notJson = await post('/evaluate', '{"conversation":')
    expect(notJson).toMatchObject({ status: 400, body: { error: expect.stringContaining('not valid JSON') } })

    const badShape = await post('/evaluate', JSON.stringify({ conversation, metrics: 'Empathy' }))
    expect(badShape.status).toBe(400)
    expect(badShape.body.error).toContain('malformed body for /evaluate')
    expect(badShape.body.error).toContain('metrics')

    const noMetrics = await post('/evaluate', JSON.stringify({ conversation, metrics: [] }))
    expect(noMetrics.status).toBe(400)
    expect(noMetrics.body.error).toContain('at least one metric')
  })

  test('answers unknown routes with 404 and other methods with 405', async () => {
    expect((await post('/nope', '{}')).status).toBe(404)
    const get = await request(`${server.url}/stats`, { headers: { [SECRET_HEADER]: server.secret } })
    expect(get.statusCode).toBe(405)
    await get.body.dump()
  })

  test('fails to start with a clear message when it cannot listen', async () => {
    const blocker = createServer()
    await new Promise<void>((listening) => blocker.listen(0, '127.0.0.1', listening))
    const { port } = blocker.address() as { port: number }
    try {
      await expect(
        startEvaluationServer(new EvaluationService({ mode: 'off', client: { organization } }), { port }),
      ).rejects.toThrow(`the evaluation service cannot listen on 127.0.0.1:${port} (EADDRINUSE)`)
    } finally {
      blocker.close()
    }
  })
})

describe('the remote backend over loopback', () => {
  test('evaluates, describes, prefetches and reads stats through the service', async () => {
    const [verdict] = await remote.evaluate({ conversation: conversation!, metrics: ['Empathy'] })
    expect(verdict).toMatchObject({
      ok: true,
      value: { organization, ...conversation, value: 8, source: 'cache', metric: { name: 'Empathy' } },
    })

    const [definition] = await remote.describe([sampleEntry().metricId])
    expect(definition).toMatchObject({
      ok: true,
      value: { name: 'Empathy', type: 'numerical', upperBound: 10 },
    })

    await expect(remote.prefetch(conversation!, ['Empathy'])).resolves.toBeUndefined()
    expect(await remote.stats()).toMatchObject({ cacheHits: 1, evaluateCalls: 0 })
  })

  test('turns a wrong secret into failures naming the refusal', async () => {
    const intruder = new RemoteEvaluationBackend({ url: server.url, secret: 'guessed' })
    try {
      const [outcome] = await intruder.evaluate({ conversation: conversation!, metrics: ['Empathy'] })
      expect(outcome).toMatchObject({ ok: false, failure: { code: 'AMIGO_SERVICE_CHANNEL' } })
      expect(!outcome!.ok && outcome!.failure.message).toContain('refused the request (HTTP 401)')
      await expect(intruder.stats()).rejects.toThrow('HTTP 401')
    } finally {
      await intruder.close()
    }
  })

  test('turns an unreachable service into a clear failure', async () => {
    await server.close()
    const [outcome] = await remote.evaluate({ conversation: conversation!, metrics: ['Empathy'] })
    expect(outcome).toMatchObject({ ok: false, failure: { code: 'AMIGO_SERVICE_CHANNEL' } })
    expect(!outcome!.ok && outcome!.failure.message).toMatch(
      /cannot reach the evaluation service at .*ECONNREFUSED/,
    )
    await expect(remote.prefetch(conversation!, ['Empathy'])).rejects.toThrow('cannot reach')
  })
})
