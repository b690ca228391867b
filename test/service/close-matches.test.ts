import { expect, test } from 'vitest'
import { closeMatches } from '../../src/service/close-matches.js'

const names = ['Empathy', 'Escalated correctly', 'Topic', 'Customer sentiment', 'Resolution quality']

test('suggests names a few edits away, in another case, or containing the input', () => {
  expect(closeMatches('Empathie', names)).toEqual(['Empathy'])
  expect(closeMatches('topic', names)).toEqual(['Topic'])
  expect(closeMatches('sentiment', names)).toEqual(['Customer sentiment'])
})

test('suggests nothing for a name unlike any', () => {
  expect(closeMatches('Latency', names)).toEqual([])
})
