import { afterEach, expect, test } from 'vitest'
import { EvaluationService } from '../../src/service/evaluation-service.js'
import { getActiveService, setActiveService } from '../../src/service/registry.js'

afterEach(() => setActiveService(undefined))

test('the active service is shared through globalThis, so duplicate module copies see it', async () => {
  expect(getActiveService()).toBeUndefined()
  const service = new EvaluationService({ mode: 'off', client: { organization: 'registry-org' } })
  setActiveService(service)
  expect(getActiveService()).toBe(service)
  expect((globalThis as Record<symbol, unknown>)[Symbol.for('vitest-amigo.active-evaluation-service')]).toBe(
    service,
  )
  expect(await getActiveService()?.stats()).toMatchObject({ evaluateCalls: 0, cacheHits: 0 })
})
