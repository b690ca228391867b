/**
 * Secrets in outputs, beyond the fault scenarios (which check every run they make): the check itself finds
 * a planted leak in any output, and a run whose sign-in is refused (a wrong key, debug logging on) shows
 * neither the key it tried nor its ID anywhere.
 */
import { stripVTControlCharacters } from 'node:util'
import { expect, test, vi } from 'vitest'
import { testStates } from '../helpers/run-fixture.js'
import {
  type CollectedRun,
  expectNoSecrets,
  KNOWN_CREDENTIALS,
  runCollected,
  tempDir,
  useReliabilitySimulator,
} from './reliability-run.js'

vi.setConfig({ testTimeout: 60_000 })

const sim = useReliabilitySimulator()

test('the check finds a secret planted in any output', () => {
  const clean = { stdout: 'ok', junit: '<testsuites/>', 'cache x.json': '{}' }
  const planted = (output: string, secret: string): CollectedRun =>
    ({ outputs: { ...clean, [output]: `before ${secret} after` }, serviceSecret: 'run-secret' }) as never
  const fakeSim = { credentials: KNOWN_CREDENTIALS, issuedTokens: () => ['header.payload.signature'] }
  expect(() => expectNoSecrets(planted('stdout', KNOWN_CREDENTIALS.apiKey), fakeSim)).toThrow(
    'the API key in stdout',
  )
  expect(() => expectNoSecrets(planted('junit', KNOWN_CREDENTIALS.apiKeyId), fakeSim)).toThrow(
    'the API key ID in junit',
  )
  expect(() => expectNoSecrets(planted('cache x.json', 'signature'), fakeSim)).toThrow(
    'the signature of bearer token #1 in cache x.json',
  )
  expect(() => expectNoSecrets(planted('stdout', 'run-secret'), fakeSim)).toThrow(
    'the service secret in stdout',
  )
  expect(() => expectNoSecrets(planted('stdout', 'nothing'), fakeSim)).not.toThrow()
})

test('a refused sign-in (wrong key, debug log on) fails the judged test without showing the key or its ID', async () => {
  const wrong = { apiKey: 'sk-wrong-7c1e9a3b5d2f4e6a8c0b1d3f5e7a9c2b', apiKeyId: 'b1c2d3e4f5a60718293a4b5d' }
  const collected = await runCollected('reliability-service', sim, tempDir(), {
    env: { AMIGO_API_KEY: wrong.apiKey, AMIGO_API_KEY_ID: wrong.apiKeyId, AMIGO_LOG: 'debug' },
  })
  expect(testStates(collected.run)['coaching is empathetic']).toBe('failed')
  const [message = ''] = (collected.run.tests.get('coaching is empathetic')?.result().errors ?? []).map(
    (error) => stripVTControlCharacters(error.message),
  )
  expect(message).toMatch(/401/)
  expect(collected.outputs.main).toContain('[vitest-amigo]') // the debug log was written, and is checked too
  expectNoSecrets(collected, { credentials: { ...KNOWN_CREDENTIALS, ...wrong }, issuedTokens: () => [] })
  expectNoSecrets(collected, sim)
})
