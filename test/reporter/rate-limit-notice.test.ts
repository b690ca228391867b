import { expect, test } from 'vitest'
import { createRateLimitNotice } from '../../src/reporter/rate-limit-notice.js'

const endpoint = 'POST /v1/{org}/metric/evaluate'

test('announces waits of a few seconds, once while an announced wait is running', () => {
  const printed: string[] = []
  let now = 0
  const notice = createRateLimitNotice({ print: (line) => printed.push(line), now: () => now })
  notice({ endpoint, waitMs: 500, reason: 'retry-after' })
  expect(printed).toEqual([])
  notice({ endpoint, waitMs: 12_000, reason: 'window-exhausted' })
  now = 1000
  notice({ endpoint, waitMs: 11_000, reason: 'window-exhausted' })
  now = 12_000
  notice({ endpoint, waitMs: 4000, reason: 'retry-after' })
  expect(printed).toEqual([
    `vitest-amigo: waiting 12.0s on the rate limit of ${endpoint}: this minute's requests are used up`,
    `vitest-amigo: waiting 4.0s on the rate limit of ${endpoint}: the API answered 429 and asked to retry later`,
  ])
})
