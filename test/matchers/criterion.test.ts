import { describe, expect, test } from 'vitest'
import {
  checkCategories,
  checkCriterionFitsMetric,
  checkThreshold,
  criterionHolds,
  describeCriterion,
  NUMERICAL_VERBS,
  numericalCriterion,
  parseCriterion,
} from '../../src/matchers/criterion.js'
import { AmigoUsageError } from '../../src/matchers/errors.js'
import type { NumericalVerb } from '../../src/types.js'
import { empathy, escalated, sentiment } from './metric-definitions.js'

describe('numerical verbs', () => {
  const table: Array<[NumericalVerb, number, number, boolean]> = [
    ['>=', 7, 7, true],
    ['>=', 6, 7, false],
    ['>', 7, 7, false],
    ['>', 8, 7, true],
    ['<=', 7, 7, true],
    ['<=', 8, 7, false],
    ['<', 6, 7, true],
    ['<', 7, 7, false],
    ['==', 7, 7, true],
    ['==', 6, 7, false],
    ['!=', 6, 7, true],
    ['!=', 7, 7, false],
  ]
  test.each(table)('%s: value %d against %d holds: %s', (verb, value, threshold, holds) => {
    expect(criterionHolds({ type: 'numerical', verb, threshold }, value)).toBe(holds)
  })

  test('every verb of Amigo is covered by the table', () => {
    expect(new Set(table.map(([verb]) => verb))).toEqual(new Set(NUMERICAL_VERBS))
  })
})

test('boolean and categorical criteria', () => {
  expect(criterionHolds({ type: 'boolean', expected_value: true }, true)).toBe(true)
  expect(criterionHolds({ type: 'boolean', expected_value: false }, true)).toBe(false)
  expect(criterionHolds({ type: 'categorical', expected_values: ['positive', 'neutral'] }, 'neutral')).toBe(
    true,
  )
  expect(criterionHolds({ type: 'categorical', expected_values: ['positive'] }, 'negative')).toBe(false)
})

test('a value of the wrong kind is no verdict', () => {
  expect(() => criterionHolds({ type: 'numerical', verb: '>=', threshold: 1 }, 'high')).toThrow(
    'the judge answered "high" for a numerical metric (expected a number)',
  )
})

describe('reading criteria', () => {
  test('the three forms, with and without type', () => {
    expect(parseCriterion({ verb: '>', threshold: 3 }, 'm')).toEqual({
      type: 'numerical',
      verb: '>',
      threshold: 3,
    })
    expect(parseCriterion({ type: 'boolean', expected_value: false }, 'm')).toEqual({
      type: 'boolean',
      expected_value: false,
    })
    expect(parseCriterion({ expected_values: ['a'] }, 'm')).toEqual({
      type: 'categorical',
      expected_values: ['a'],
    })
  })

  test.each([
    [null, 'toSatisfyMetric: the criterion must be one of'],
    [{ threshold: 3 }, 'toSatisfyMetric: the verb must be one of'],
    [{ verb: '=>', threshold: 3 }, 'the verb must be one of "==", "!=", "<=", "<", ">=", ">", got "=>"'],
    [{ verb: '>=', threshold: Number.NaN }, 'the threshold must be a finite number, got NaN'],
    [{ verb: '>=', threshold: '7' }, 'the threshold must be a finite number, got "7"'],
    [
      { type: 'boolean', verb: '>=', threshold: 1 },
      'says type "boolean" but has the fields of a numerical criterion',
    ],
    [{ expected_value: 'yes' }, 'expected_value must be true or false, got "yes"'],
    [
      { expected_values: [] },
      'the expected category must be a non-empty string or a non-empty array of them, got []',
    ],
  ])('%j is rejected', (input, message) => {
    expect(() => parseCriterion(input, 'toSatisfyMetric')).toThrow(message)
    expect(() => parseCriterion(input, 'toSatisfyMetric')).toThrow(AmigoUsageError)
  })

  test('thresholds must be finite numbers', () => {
    expect(checkThreshold(0, 'm')).toBe(0)
    for (const bad of [Number.POSITIVE_INFINITY, Number.NaN, '7', undefined, null]) {
      expect(() => checkThreshold(bad, 'toScoreMetric')).toThrow(
        /^toScoreMetric: the threshold must be a finite number/,
      )
    }
    expect(() => numericalCriterion('>=', Number.NEGATIVE_INFINITY, 'toScoreMetric')).toThrow('got -Infinity')
  })

  test('categories: one string or a non-empty list of non-empty strings', () => {
    expect(checkCategories('neutral', 'm')).toEqual(['neutral'])
    expect(checkCategories(['a', 'b'], 'm')).toEqual(['a', 'b'])
    expect(() => checkCategories('', 'm')).toThrow('got ""')
    expect(() => checkCategories(['a', 3], 'm')).toThrow('got ["a",3]')
  })
})

describe('criteria against the metric', () => {
  test('the right matcher is named for the metric type', () => {
    expect(() =>
      checkCriterionFitsMetric('toScoreMetric', { type: 'numerical', verb: '>=', threshold: 1 }, escalated),
    ).toThrow(
      'toScoreMetric needs a numerical metric, but metric "Escalated correctly" (6650f0b10000000000000003) is boolean: use toPassMetric (or toSatisfyMetric with a boolean criterion)',
    )
    expect(() =>
      checkCriterionFitsMetric('toSatisfyMetric', { type: 'boolean', expected_value: true }, sentiment),
    ).toThrow(
      'toSatisfyMetric needs a boolean metric, but metric "Customer sentiment" (6650f0b10000000000000005) is categorical: give a categorical criterion',
    )
  })

  test('thresholds within the numerical bounds', () => {
    expect(() =>
      checkCriterionFitsMetric('toScoreMetric', { type: 'numerical', verb: '>=', threshold: 10 }, empathy),
    ).not.toThrow()
    expect(() =>
      checkCriterionFitsMetric('toScoreMetric', { type: 'numerical', verb: '>=', threshold: 11 }, empathy),
    ).toThrow(
      'toScoreMetric: the threshold 11 is outside the bounds of metric "Empathy" (6650f0b10000000000000001), which scores from 0 to 10',
    )
  })

  test('expected categories must exist', () => {
    expect(() =>
      checkCriterionFitsMetric(
        'toHaveMetricCategory',
        { type: 'categorical', expected_values: ['neutral', 'happy'] },
        sentiment,
      ),
    ).toThrow('has no category "happy"; its categories are "positive", "neutral", "negative"')
  })

  test('deleted metrics are refused', () => {
    expect(() =>
      checkCriterionFitsMetric(
        'toScoreMetric',
        { type: 'numerical', verb: '>=', threshold: 1 },
        { ...empathy, isDeleted: true },
      ),
    ).toThrow('metric "Empathy" (6650f0b10000000000000001) is deleted')
  })
})

test('criteria in words', () => {
  expect(describeCriterion({ type: 'numerical', verb: '<', threshold: 3 })).toBe('value < 3')
  expect(describeCriterion({ type: 'boolean', expected_value: true })).toBe('value is true')
  expect(describeCriterion({ type: 'categorical', expected_values: ['a'] })).toBe('value is "a"')
  expect(describeCriterion({ type: 'categorical', expected_values: ['a', 'b'] })).toBe(
    'value is one of "a", "b"',
  )
})
