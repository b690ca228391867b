/**
 * The client over TLS, as it speaks to Amigo's real API: a node:https server with a throwaway loopback
 * certificate (`tls/`) relays every request to the simulator. Through the default transport (node:https
 * and its global agent) and through an undici dispatcher; and with a certificate the client does not
 * trust, a clear connection error that names the TLS problem.
 */
import { readFileSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import { createServer, globalAgent, type Server } from 'node:https'
import type { AddressInfo } from 'node:net'
import { Agent } from 'undici'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ConnectionError } from '../../src/client/errors.js'
import { EVALUATE_BODY, simulatorPerTest } from './helpers/simulated-client.js'

const certificate = readFileSync(new URL('./tls/loopback-cert.pem', import.meta.url))
const key = readFileSync(new URL('./tls/loopback-key.pem', import.meta.url))

const startSimulated = simulatorPerTest()

let front: Server | undefined
afterEach(async () => {
  const server = front
  front = undefined
  if (!server) return
  const closed = new Promise((done) => server.close(done))
  server.closeAllConnections()
  await closed
})

/** Starts a TLS server on 127.0.0.1 that relays each request to `target` (http); returns its https URL. */
async function startTlsFront(target: string): Promise<string> {
  const server = createServer({ key, cert: certificate }, (request, response) => {
    const relayed = httpRequest(
      new URL(request.url ?? '/', target),
      { method: request.method, headers: request.headers },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(response)
      },
    )
    relayed.on('error', () => response.destroy())
    request.pipe(relayed)
  })
  front = server
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening))
  return `https://127.0.0.1:${(server.address() as AddressInfo).port}`
}

async function metricIds(metrics: AsyncIterable<{ id: string }>): Promise<string[]> {
  const ids: string[] = []
  for await (const metric of metrics) ids.push(metric.id)
  return ids
}

describe('over https', () => {
  describe('through the default transport (node:https)', () => {
    const trusted = globalAgent.options.ca
    beforeEach(() => {
      globalAgent.options.ca = certificate
      return () => {
        globalAgent.options.ca = trusted
        globalAgent.destroy()
      }
    })

    it('signs in, looks metrics up and evaluates through TLS', async () => {
      const { simulator, client } = await startSimulated()
      const baseUrl = await startTlsFront(simulator.url)
      const overTls = client({ baseUrl })

      const listed = await metricIds(overTls.metrics.listAll({ limit: 2 }))
      const evaluated = await overTls.metrics.evaluate(EVALUATE_BODY)

      expect(baseUrl).toMatch(/^https:\/\//)
      expect(listed).toEqual(await metricIds(client().metrics.listAll()))
      expect(listed.length).toBeGreaterThan(2)
      expect(evaluated.metrics.map((metric) => metric.metric_id)).toEqual(EVALUATE_BODY.metric_ids)
      expect(simulator.counters.total('signin', 200)).toBe(2)
      expect(simulator.counters.total('metrics.evaluate', 200)).toBe(1)
    })
  })

  it('goes through an undici dispatcher that trusts the certificate', async () => {
    const { simulator, client } = await startSimulated()
    const baseUrl = await startTlsFront(simulator.url)
    const dispatcher = new Agent({ connect: { ca: certificate } })
    try {
      const evaluated = await client({ baseUrl, dispatcher }).metrics.evaluate(EVALUATE_BODY)
      expect(evaluated.metrics.map((metric) => metric.metric_id)).toEqual(EVALUATE_BODY.metric_ids)
      expect(simulator.counters.total('metrics.evaluate', 200)).toBe(1)
    } finally {
      await dispatcher.close()
    }
  })

  it('fails with a connection error naming the certificate problem when the certificate is not trusted', async () => {
    const { simulator, client } = await startSimulated()
    const baseUrl = await startTlsFront(simulator.url)

    const failure = await client({ baseUrl, maxRetries: 0 })
      .metrics.evaluate(EVALUATE_BODY)
      .catch((error: unknown) => error)

    expect(failure).toBeInstanceOf(ConnectionError)
    const { message } = failure as ConnectionError
    expect(message).toContain(`no response from ${baseUrl}`)
    expect(message).toMatch(/self[- ]signed certificate/i)
    expect(message).not.toContain(simulator.credentials.apiKey)
    expect(simulator.counters.total('signin')).toBe(0)
  })
})
