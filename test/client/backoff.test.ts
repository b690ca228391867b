import { describe, expect, it } from 'vitest'
import { backoffDelayMs, parseRateLimitReset, parseRetryAfter } from '../../src/client/backoff.js'

const policy = { baseDelayMs: 250, maxDelayMs: 30_000 }

describe('backoffDelayMs', () => {
  it('doubles the ceiling each retry, with full jitter below it', () => {
    expect(backoffDelayMs(1, policy, () => 0.999)).toBe(249)
    expect(backoffDelayMs(2, policy, () => 0.999)).toBe(499)
    expect(backoffDelayMs(3, policy, () => 0.5)).toBe(500)
    expect(backoffDelayMs(3, policy, () => 0)).toBe(0)
  })

  it('caps the ceiling at maxDelayMs', () => {
    expect(backoffDelayMs(20, policy, () => 0.999)).toBe(29_970)
  })
})

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-05-10T04:53:13Z')

  it.each([
    ['2', 2000],
    [' 0.5 ', 500],
    ['0', 0],
    ['Sat, 10 May 2025 04:53:23 GMT', 10_000],
    ['Sat, 10 May 2025 04:50:00 GMT', 0],
  ])('reads %j as %i ms', (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected)
  })

  it.each([undefined, '', '  ', 'soon', '-3'])('gives undefined for %j', (value) => {
    expect(parseRetryAfter(value, now)).toBeUndefined()
  })
})

describe('parseRateLimitReset', () => {
  const now = 1_746_852_793_000

  it('reads UTC epoch seconds', () => {
    expect(parseRateLimitReset('1746852800', now)).toBe(1_746_852_800_000)
  })

  it('reads a small number as seconds from now', () => {
    expect(parseRateLimitReset('3', now)).toBe(now + 3000)
  })

  it.each([undefined, '', 'never', '-1'])('gives undefined for %j', (value) => {
    expect(parseRateLimitReset(value, now)).toBeUndefined()
  })
})
