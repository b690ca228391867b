import { afterEach, describe, expect, it, vi } from 'vitest'
import { readEnv } from '../../src/internal/env.js'
import { REDACTED, Redactor } from '../../src/internal/redact.js'
import { raceAbort, sleep } from '../../src/internal/sleep.js'

describe('readEnv', () => {
  afterEach(() => {
    vi.unstubAllEnvs()
  })

  it('trims, and reads empty or blank as unset', () => {
    vi.stubEnv('AMIGO_TEST_VAR', '  value ')
    expect(readEnv('AMIGO_TEST_VAR')).toBe('value')
    vi.stubEnv('AMIGO_TEST_VAR', '   ')
    expect(readEnv('AMIGO_TEST_VAR')).toBeUndefined()
    vi.stubEnv('AMIGO_TEST_VAR', '')
    expect(readEnv('AMIGO_TEST_VAR')).toBeUndefined()
    expect(readEnv('AMIGO_TEST_VAR_NEVER_SET')).toBeUndefined()
  })
})

describe('sleep', () => {
  it('resolves after the delay', async () => {
    await expect(sleep(1)).resolves.toBeUndefined()
  })

  it('rejects with the reason when the signal aborts, also when already aborted', async () => {
    const controller = new AbortController()
    const waiting = sleep(60_000, controller.signal)
    controller.abort(new Error('stop'))
    await expect(waiting).rejects.toThrow('stop')
    await expect(sleep(60_000, AbortSignal.abort(new Error('early')))).rejects.toThrow('early')
  })
})

describe('raceAbort', () => {
  it('settles like the promise, or rejects first when the signal aborts', async () => {
    await expect(raceAbort(Promise.resolve(1), new AbortController().signal)).resolves.toBe(1)
    await expect(raceAbort(Promise.reject(new Error('no')), new AbortController().signal)).rejects.toThrow(
      'no',
    )
    const controller = new AbortController()
    const never = new Promise<number>(() => {})
    const racing = raceAbort(never, controller.signal)
    controller.abort(new Error('gave up'))
    await expect(racing).rejects.toThrow('gave up')
  })
})

describe('Redactor', () => {
  it('replaces registered secrets, bearer tokens and JWTs', () => {
    const redactor = new Redactor(['my-api-key-1', undefined, 'ab'])
    redactor.add('token-xyz-987')
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl'
    const text = redactor.redact(
      `key=my-api-key-1 auth="Bearer other-token" t=token-xyz-987 jwt=${jwt} short=ab`,
    )
    expect(text).toBe(`key=${REDACTED} auth="Bearer ${REDACTED}" t=${REDACTED} jwt=${REDACTED} short=ab`)
  })

  it('replaces a longer secret containing a shorter one whole', () => {
    const redactor = new Redactor(['abcd', 'abcd-efgh'])
    expect(redactor.redact('x abcd-efgh y')).toBe(`x ${REDACTED} y`)
  })
})
