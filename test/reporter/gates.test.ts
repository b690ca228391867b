import { describe, expect, test } from 'vitest'
import { compareWithBaseline } from '../../src/reporter/baseline.js'
import { checkGates } from '../../src/reporter/gates.js'
import type { GateOptions } from '../../src/reporter/options.js'
import { summarizeRun } from '../../src/reporter/statistics.js'
import { EMPATHY, empathy, escalated, sentiment } from './assertions.js'

const gates = (entries: Record<string, GateOptions>) => new Map(Object.entries(entries))
const metrics = summarizeRun([
  empathy(9),
  empathy(4),
  empathy(8),
  escalated(true),
  escalated(false),
  sentiment('positive'),
]).metrics

describe('checkGates', () => {
  test('minPassRate by metric ID and by name: one line per gate with the figure and the bound', () => {
    const results = checkGates(
      gates({ [EMPATHY]: { minPassRate: 0.6 }, 'Escalated correctly': { minPassRate: 0.5 } }),
      metrics,
    )
    expect(results.map((result) => [result.passed, result.message])).toEqual([
      [true, `gate minPassRate on "Empathy" (${EMPATHY}): pass rate 66.7% >= 60.0%`],
      [
        true,
        'gate minPassRate on "Escalated correctly" (661879aa75130b73714e8d40): pass rate 50.0% >= 50.0%',
      ],
    ])
    const failed = checkGates(gates({ Empathy: { minPassRate: 0.7 } }), metrics)
    expect(failed).toEqual([
      {
        key: 'Empathy',
        bound: 'minPassRate',
        metricId: EMPATHY,
        metricName: 'Empathy',
        figure: 2 / 3,
        limit: 0.7,
        passed: false,
        message: `gate minPassRate on "Empathy" (${EMPATHY}): pass rate 66.7% < 70.0%`,
      },
    ])
  })

  test('minMean on a numerical metric', () => {
    expect(checkGates(gates({ Empathy: { minMean: 7 } }), metrics)[0]).toMatchObject({
      passed: true,
      figure: 7,
    })
    expect(checkGates(gates({ Empathy: { minMean: 7.5 } }), metrics)[0]?.message).toBe(
      `gate minMean on "Empathy" (${EMPATHY}): mean 7 < 7.5`,
    )
  })

  test('minMean on a non-numerical metric fails, saying why', () => {
    expect(checkGates(gates({ Sentiment: { minMean: 1 } }), metrics)[0]).toMatchObject({
      passed: false,
      figure: null,
      message: expect.stringContaining('minMean applies to numerical metrics only; this one is categorical'),
    })
  })

  test('"*" checks every metric on its own; minMean only the numerical ones', () => {
    const results = checkGates(gates({ '*': { minPassRate: 0.6, minMean: 5 } }), metrics)
    expect(results.map((result) => [result.bound, result.metricName, result.passed])).toEqual([
      ['minPassRate', 'Empathy', true],
      ['minPassRate', 'Escalated correctly', false],
      ['minPassRate', 'Sentiment', true],
      ['minMean', 'Empathy', true],
    ])
  })

  test('a key naming no metric of the run fails', () => {
    expect(checkGates(gates({ Empathyy: { minPassRate: 0.5 } }), metrics)).toEqual([
      {
        key: 'Empathyy',
        bound: 'minPassRate',
        figure: null,
        limit: 0.5,
        passed: false,
        message: 'gate minPassRate on "Empathyy": no judged assertions of this metric in the run',
      },
    ])
    expect(checkGates(gates({ '*': { minPassRate: 0.5 } }), [])).toEqual([])
  })

  test('maxDrop and maxMeanDrop against the baseline, with floating-point slack', () => {
    const before = summarizeRun([empathy(9), empathy(9), empathy(8), empathy(9), empathy(9)]).metrics
    const now = summarizeRun([empathy(9), empathy(9), empathy(8), empathy(9), empathy(4)]).metrics
    const deltas = compareWithBaseline(now, before)
    const results = checkGates(gates({ Empathy: { maxDrop: 0.2, maxMeanDrop: 0.5 } }), now, deltas)
    expect(results.map((result) => [result.passed, result.message])).toEqual([
      [true, `gate maxDrop on "Empathy" (${EMPATHY}): pass-rate drop vs baseline 20.0 pp <= 20.0 pp`],
      [false, `gate maxMeanDrop on "Empathy" (${EMPATHY}): mean drop vs baseline 1 > 0.5`],
    ])
    expect(checkGates(gates({ Empathy: { maxDrop: 0.19 } }), now, deltas)[0]?.passed).toBe(false)
  })

  test('a drop gate passes for a metric that is new since the baseline', () => {
    const deltas = compareWithBaseline(metrics, [])
    expect(checkGates(gates({ Empathy: { maxDrop: 0 } }), metrics, deltas)[0]).toMatchObject({
      passed: true,
      figure: null,
      message: `gate maxDrop on "Empathy" (${EMPATHY}): not in the baseline`,
    })
  })
})
