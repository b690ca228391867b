import { setTimeout as sleep } from 'node:timers/promises'
import { afterEach, describe, expect, test } from 'vitest'
import { errorBodySchema, signInResponseSchema } from '../../src/client/schemas.js'
import { answerOf, NO_RATE_LIMITS, type SimulatorHarness, startHarness } from './simulator-http.js'

let harness: SimulatorHarness | undefined
afterEach(async () => {
  await harness?.simulator.close()
  harness = undefined
})

describe('sign-in', () => {
  test('answers a token and its expiry for the right API key', async () => {
    harness = await startHarness({ tokenTtlMs: 120_000 })
    const answer = await harness.signIn()
    expect(answer.status).toBe(200)
    const body = signInResponseSchema.parse(answer.body)
    const ttl = Date.parse(body.expires_at) - Date.now()
    expect(ttl).toBeGreaterThan(60_000)
    expect(ttl).toBeLessThanOrEqual(120_000)
  })

  test.each(['x-api-key', 'x-api-key-id', 'x-user-id'])('answers 401 when %s is wrong', async (header) => {
    harness = await startHarness()
    const { credentials } = harness.simulator
    const headers = {
      'x-api-key': credentials.apiKey,
      'x-api-key-id': credentials.apiKeyId,
      'x-user-id': credentials.userId,
      [header]: 'wrong',
    }
    const answer = await harness.signIn(headers)
    expect(answer.status).toBe(401)
    expect(errorBodySchema.parse(answer.body).detail).toMatch(/invalid/i)
  })

  test('uses the given credentials and random ones otherwise', async () => {
    harness = await startHarness({ credentials: { apiKey: 'my-key' } })
    const other = await startHarness()
    try {
      expect(harness.simulator.credentials.apiKey).toBe('my-key')
      expect(harness.simulator.credentials.userId).toMatch(/^[a-f0-9]{24}$/)
      expect(other.simulator.credentials.apiKeyId).not.toBe(harness.simulator.credentials.apiKeyId)
    } finally {
      await other.simulator.close()
    }
  })

  test('answers 404 "Organization not found" for another organization', async () => {
    harness = await startHarness({ organization: 'acme' })
    const { url, credentials } = harness.simulator
    const response = await fetch(`${url}/v1/other-org/user/signin_with_api_key`, {
      method: 'POST',
      headers: {
        'x-api-key': credentials.apiKey,
        'x-api-key-id': credentials.apiKeyId,
        'x-user-id': credentials.userId,
      },
    })
    const answer = await answerOf(response)
    expect(answer).toMatchObject({ status: 404, body: { detail: 'Organization not found' } })
  })

  test('exposes the AMIGO_* environment that points a client at it', async () => {
    harness = await startHarness({ organization: 'acme' })
    const { env, url, credentials } = harness.simulator
    expect(env).toEqual({
      AMIGO_API_KEY: credentials.apiKey,
      AMIGO_API_KEY_ID: credentials.apiKeyId,
      AMIGO_USER_ID: credentials.userId,
      AMIGO_ORGANIZATION_ID: 'acme',
      AMIGO_BASE_URL: url,
    })
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
  })
})

describe('bearer authentication', () => {
  test('answers 401 without a token, with a bad one, and after the token is revoked', async () => {
    harness = await startHarness({ rateLimits: NO_RATE_LIMITS })
    expect((await harness.call('/metric/', { anonymous: true })).status).toBe(401)
    const bad = await harness.call('/metric/', { anonymous: true, headers: { authorization: 'Bearer nope' } })
    expect(bad).toMatchObject({ status: 401, body: { detail: 'Invalid authorization credentials.' } })
    expect((await harness.call('/metric/')).status).toBe(200)
    harness.simulator.revokeTokens()
    expect((await harness.call('/metric/')).status).toBe(401)
  })

  test('answers 401 once the token has expired', async () => {
    harness = await startHarness({ tokenTtlMs: 1 })
    const token = signInResponseSchema.parse((await harness.signIn()).body).id_token
    await sleep(20)
    const answer = await harness.call('/metric/', {
      anonymous: true,
      headers: { authorization: `Bearer ${token}` },
    })
    expect(answer.status).toBe(401)
  })
})
