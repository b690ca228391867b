import { describe, expect, test } from 'vitest'
import { HttpError } from '../../src/simulator/http-error.js'
import { DEFAULT_RATE_LIMITS } from '../../src/simulator/index.js'
import { RateLimiter } from '../../src/simulator/rate-limiter.js'

const limiter = (windowMs: number) =>
  new RateLimiter({ ...DEFAULT_RATE_LIMITS, 'metrics.evaluate': 2 }, windowMs)

/** The answer's headers, or the 429's headers. */
function consume(rateLimiter: RateLimiter, now: number): Record<string, string> {
  try {
    return rateLimiter.consume('metrics.evaluate', now)
  } catch (error) {
    if (error instanceof HttpError) return { status: '429', ...error.headers }
    throw error
  }
}

describe('rate-limit windows', () => {
  test('a whole-second window starts at the second of its first request: the reset header is exact', () => {
    const rateLimiter = limiter(2000)
    expect(consume(rateLimiter, 10_700)).toMatchObject({
      'x-ratelimit-remaining': '1',
      'x-ratelimit-reset': '12',
    })
    expect(consume(rateLimiter, 11_000)).toMatchObject({
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset': '12',
    })
    expect(consume(rateLimiter, 11_999)).toMatchObject({ status: '429', 'retry-after': '1' })
    // At the reset the header named, a new window is open.
    expect(consume(rateLimiter, 12_000)).toMatchObject({
      'x-ratelimit-remaining': '1',
      'x-ratelimit-reset': '14',
    })
  })

  test('any other window starts at its first request, its reset rounded up to the second', () => {
    const rateLimiter = limiter(2500)
    expect(consume(rateLimiter, 10_700)).toMatchObject({
      'x-ratelimit-remaining': '1',
      'x-ratelimit-reset': '14',
    })
    consume(rateLimiter, 10_800)
    expect(consume(rateLimiter, 13_199)).toMatchObject({ status: '429' })
    expect(consume(rateLimiter, 13_200)).toMatchObject({
      'x-ratelimit-remaining': '1',
      'x-ratelimit-reset': '16',
    })
  })
})
