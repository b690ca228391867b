import { describe, expect, test } from 'vitest'
import { ReporterOptionsError, resolveReporterOptions } from '../../src/reporter/options.js'

describe('resolveReporterOptions', () => {
  test('defaults', () => {
    expect(resolveReporterOptions(undefined, {})).toEqual({
      verbose: false,
      outputFile: undefined,
      githubSummary: false,
      gates: new Map(),
      baseline: undefined,
    })
  })

  test('githubSummary defaults to on when GITHUB_STEP_SUMMARY is set, and can be turned off', () => {
    const env = { GITHUB_STEP_SUMMARY: '/tmp/summary.md' }
    expect(resolveReporterOptions({}, env).githubSummary).toBe(true)
    expect(resolveReporterOptions({ githubSummary: false }, env).githubSummary).toBe(false)
  })

  test('keeps valid gates', () => {
    const options = resolveReporterOptions(
      {
        baseline: 'base.json',
        gates: { '*': { minPassRate: 0.8 }, Empathy: { minMean: 6, maxDrop: 0.1, maxMeanDrop: 1 } },
      },
      {},
    )
    expect([...options.gates]).toEqual([
      ['*', { minPassRate: 0.8 }],
      ['Empathy', { minMean: 6, maxDrop: 0.1, maxMeanDrop: 1 }],
    ])
  })

  test.each([
    [{ verbose: 'yes' }, 'option verbose is "yes"; expected true or false'],
    [{ outputFile: '' }, 'option outputFile is ""; expected a non-empty file path'],
    [{ baseline: 3 }, 'option baseline is 3; expected a non-empty file path'],
    [{ gates: [] }, 'option gates is []; expected an object keyed by metric ID, metric name or "*"'],
    [{ gates: { Empathy: 0.8 } }, 'option gates["Empathy"] is 0.8; expected an object with minPassRate'],
    [
      { gates: { Empathy: { minPassRate: 80 } } },
      'option gates["Empathy"].minPassRate is 80; expected a number from 0 to 1',
    ],
    [
      { gates: { Empathy: { minMean: Number.NaN } } },
      'option gates["Empathy"].minMean is NaN; expected a finite number',
    ],
    [
      { gates: { Empathy: { minPassrate: 0.8 } } },
      'option gates["Empathy"].minPassrate is 0.8; expected one of the bounds',
    ],
    [
      { gates: { Empathy: { maxDrop: 0.1 } } },
      'option gates["Empathy"].maxDrop is 0.1; expected the baseline option',
    ],
    [{ gates: { '': { minPassRate: 1 } } }, 'option gates key is ""'],
    [{ outputfile: 'x.json' }, 'option outputfile is "x.json"; expected no such option'],
  ])('rejects %j naming the bad value', (options, message) => {
    expect(() => resolveReporterOptions(options, {})).toThrow(ReporterOptionsError)
    expect(() => resolveReporterOptions(options, {})).toThrow(message)
  })
})
