import { afterEach, describe, expect, it, vi } from 'vitest'
import { type IssuedToken, TokenManager } from '../../src/client/token-manager.js'

const HOUR = 3_600_000
const MINUTE = 60_000

/** A sign-in that issues `token-1`, `token-2`, ... each valid for `lifetimeMs` from the (fake) now. */
function countingSignIn(lifetimeMs: number) {
  let count = 0
  const signIn = vi.fn(
    async (): Promise<IssuedToken> => ({ token: `token-${++count}`, expiresAtMs: Date.now() + lifetimeMs }),
  )
  return signIn
}

describe('TokenManager', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('keeps an hour-long token until 5 minutes before it expires', async () => {
    vi.useFakeTimers({ now: 0, toFake: ['Date'] })
    const signIn = countingSignIn(HOUR)
    const tokens = new TokenManager({ signIn, refreshMarginMs: 5 * MINUTE })
    expect(await tokens.token()).toBe('token-1')
    vi.setSystemTime(HOUR - 5 * MINUTE - 1)
    expect(await tokens.token()).toBe('token-1')
    vi.setSystemTime(HOUR - 5 * MINUTE)
    expect(await tokens.token()).toBe('token-2')
    expect(signIn).toHaveBeenCalledTimes(2)
  })

  it('refreshes a short-lived token when 10% of its lifetime is left', async () => {
    vi.useFakeTimers({ now: 0, toFake: ['Date'] })
    const signIn = countingSignIn(10_000)
    const tokens = new TokenManager({ signIn, refreshMarginMs: 5 * MINUTE })
    expect(await tokens.token()).toBe('token-1')
    vi.setSystemTime(8_999)
    expect(await tokens.token()).toBe('token-1')
    vi.setSystemTime(9_000)
    expect(await tokens.token()).toBe('token-2')
  })

  it('shares one sign-in between concurrent callers; one caller giving up does not cancel it', async () => {
    let finish: (token: IssuedToken) => void = () => {}
    const signIn = vi.fn(() => new Promise<IssuedToken>((resolve) => (finish = resolve)))
    const tokens = new TokenManager({ signIn, refreshMarginMs: 0 })
    const controller = new AbortController()
    const impatient = tokens.token(controller.signal)
    const patient = [tokens.token(), tokens.token()]
    controller.abort(new Error('gave up'))
    await expect(impatient).rejects.toThrow('gave up')
    finish({ token: 'shared', expiresAtMs: Date.now() + HOUR })
    expect(await Promise.all(patient)).toEqual(['shared', 'shared'])
    expect(signIn).toHaveBeenCalledTimes(1)
  })

  it('drops a rejected token but keeps a newer one', async () => {
    const signIn = countingSignIn(HOUR)
    const tokens = new TokenManager({ signIn, refreshMarginMs: 0 })
    const first = await tokens.token()
    tokens.invalidate(first)
    const second = await tokens.token()
    expect(second).toBe('token-2')
    tokens.invalidate(first)
    expect(await tokens.token()).toBe('token-2')
  })

  it('signs in again after a failed sign-in', async () => {
    const signIn = vi
      .fn<() => Promise<IssuedToken>>()
      .mockRejectedValueOnce(new Error('503'))
      .mockResolvedValueOnce({ token: 'after-failure', expiresAtMs: Date.now() + HOUR })
    const tokens = new TokenManager({ signIn, refreshMarginMs: 0 })
    await expect(tokens.token()).rejects.toThrow('503')
    expect(await tokens.token()).toBe('after-failure')
  })
})
