/**
 * The bench's rounds: every kind of run once per round, every other round in reverse, so that no kind
 * always follows the same one.
 */
import { expect, test } from 'vitest'
import { alternate } from '../../bench/alternate.js'

test('runs every kind once per round, reversing the order every other round, and keeps each kind’s results', async () => {
  const ran: string[] = []
  const kind = (name: string) => async () => {
    ran.push(name)
    return `${name}${ran.length}`
  }
  const results = await alternate(3, { a: kind('a'), b: kind('b'), c: kind('c') })
  expect(ran).toEqual(['a', 'b', 'c', 'c', 'b', 'a', 'a', 'b', 'c'])
  expect(results).toEqual({ a: ['a1', 'a6', 'a7'], b: ['b2', 'b5', 'b8'], c: ['c3', 'c4', 'c9'] })
})

test('keeps each kind’s own result type and waits for each run before the next', async () => {
  let running = 0
  const results = await alternate(2, {
    count: async () => {
      running++
      await new Promise((resolve) => setTimeout(resolve, 5))
      running--
      return running
    },
    label: async () => 'done',
  })
  expect(results.count).toEqual([0, 0])
  const labels: string[] = results.label
  expect(labels).toEqual(['done', 'done'])
})
