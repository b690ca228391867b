/**
 * The bench's warm/plain figure: the median of the ratios of runs taken in pairs, so that the machine's
 * drift over the bench cancels out.
 */
import { expect, test } from 'vitest'
import { countsText, median, medianPairedRatio } from '../../bench/report.js'

const runs = (...seconds: number[]) => seconds.map((s) => ({ wallMs: s * 1000 }))

test('pairs each run with its neighbour, where the ratio of the medians mixes runs taken under other loads', () => {
  // The machine slows down for the second pair: each pair's ratio is 1.2, 1.2 and 1.04.
  const warm = runs(1.2, 2.4, 1.25)
  const plain = runs(1.0, 2.0, 1.2)
  expect(medianPairedRatio(warm, plain)).toBeCloseTo(1.2, 10)
  expect(median(warm.map((r) => r.wallMs)) / median(plain.map((r) => r.wallMs))).toBeCloseTo(1.0417, 3)
})

test('uses as many pairs as both sides have, and the mean of the middle two when they are even', () => {
  expect(medianPairedRatio(runs(1, 3, 2, 9), runs(1, 2, 1))).toBeCloseTo(1.5, 10)
  expect(medianPairedRatio(runs(1.1, 1.3), runs(1, 1))).toBeCloseTo(1.2, 10)
  expect(medianPairedRatio([], runs(1))).toBeNaN()
})

test('says a count once when every run had it, and lists counts that differ', () => {
  expect(countsText([0, 0, 0])).toBe('0 in each of 3 runs')
  expect(countsText([1, 1, 2])).toBe('1, 1, 2')
  expect(countsText([4])).toBe('4')
})
