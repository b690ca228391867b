/**
 * `startSimulator()`: a local Amigo metric API on node:http, over the fixture conversations and metrics.
 */
import { once } from 'node:events'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { completeCredentials, TokenStore } from './auth.js'
import { RequestCounters } from './counters.js'
import { evaluateMetrics } from './evaluate-handler.js'
import { FaultInjector } from './faults.js'
import { loadFixtures } from './fixtures.js'
import { createMetric, deleteMetric, getMetrics, searchMetrics, updateMetric } from './metric-handlers.js'
import { MetricStore } from './metric-store.js'
import {
  DEFAULT_ORGANIZATION,
  DEFAULT_RATE_LIMIT_WINDOW_MS,
  DEFAULT_RATE_LIMITS,
  DEFAULT_TOKEN_TTL_MS,
  type Simulator,
  type SimulatorOptions,
} from './options.js'
import { RateLimiter } from './rate-limiter.js'
import { handleRequest } from './request-pipeline.js'

function positive(name: string, value: number | undefined, fallback: number, allowZero = false): number {
  const resolved = value ?? fallback
  if (!Number.isFinite(resolved) || resolved < 0 || (!allowZero && resolved === 0)) {
    throw new RangeError(
      `startSimulator: ${name} must be a ${allowZero ? 'non-negative' : 'positive'} number, got ${value}`,
    )
  }
  return resolved
}

/** Starts a simulator; `close()` it when done. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const organization = options.organization ?? DEFAULT_ORGANIZATION
  if (organization.trim() === '' || organization.includes('/')) {
    throw new RangeError(
      `startSimulator: organization must be a non-empty name without "/", got "${organization}"`,
    )
  }
  const fixtures = loadFixtures(options.fixturesDir)
  const credentials = completeCredentials(options.credentials)
  const rateLimits = { ...DEFAULT_RATE_LIMITS, ...options.rateLimits }
  for (const [endpoint, limit] of Object.entries(rateLimits)) positive(`rateLimits['${endpoint}']`, limit, 1)
  const closing = new AbortController()
  const tokens = new TokenStore(credentials, positive('tokenTtlMs', options.tokenTtlMs, DEFAULT_TOKEN_TTL_MS))
  const counters = new RequestCounters()
  const faults = new FaultInjector(options.seed ?? 1, options.faults)
  const parts = {
    state: {
      organization,
      store: new MetricStore(organization, fixtures.metrics),
      conversations: new Map(fixtures.conversations.map((c) => [c.id, c])),
      user: { org_id: organization, user_id: credentials.userId },
      judgeLatencyMs: positive('judgeLatencyMs', options.judgeLatencyMs, 0, true),
      closing: closing.signal,
    },
    tokens,
    limiter: new RateLimiter(
      rateLimits,
      positive('rateLimitWindowMs', options.rateLimitWindowMs, DEFAULT_RATE_LIMIT_WINDOW_MS),
    ),
    faults,
    counters,
    handlers: {
      'metrics.get': getMetrics,
      'metrics.create': createMetric,
      'metrics.update': updateMetric,
      'metrics.delete': deleteMetric,
      'metrics.search': searchMetrics,
      'metrics.evaluate': evaluateMetrics,
    },
  }
  const server = createServer((req, res) => void handleRequest(parts, req, res))
  server.listen(options.port ?? 0, options.host ?? '127.0.0.1')
  await once(server, 'listening')
  const { address, port } = server.address() as AddressInfo
  const host = address.includes(':') ? `[${address}]` : address
  const url = `http://${host}:${port}`
  return {
    url,
    organization,
    credentials,
    env: {
      AMIGO_API_KEY: credentials.apiKey,
      AMIGO_API_KEY_ID: credentials.apiKeyId,
      AMIGO_USER_ID: credentials.userId,
      AMIGO_ORGANIZATION_ID: organization,
      AMIGO_BASE_URL: url,
    },
    counters,
    faults: { add: (rule) => faults.add(rule), clear: () => faults.clear() },
    revokeTokens: () => tokens.revokeAll(),
    issuedTokens: () => tokens.issued(),
    async close() {
      if (!server.listening) return
      closing.abort()
      const closed = once(server, 'close')
      server.close()
      server.closeAllConnections()
      await closed
    },
  }
}
