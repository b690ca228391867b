import { expect, test } from 'vitest'
import { compareWithBaseline } from '../../src/reporter/baseline.js'
import { checkGates } from '../../src/reporter/gates.js'
import { renderMarkdown } from '../../src/reporter/render-markdown.js'
import { serviceFiguresFromRecords, summarizeRun } from '../../src/reporter/statistics.js'
import { empathy, escalated, sentiment } from './assertions.js'

test('table per metric, gates, service figures, failures with justifications', () => {
  const assertions = [
    empathy(9),
    empathy(4, { test: 'a | b', justification: 'Line one.\nLine two.' }),
    escalated(true),
    sentiment('positive', { file: 'sub/dir.test.ts' }),
  ]
  const summary = summarizeRun(assertions)
  const before = summarizeRun([empathy(9)]).metrics
  const markdown = renderMarkdown({
    assertions,
    summary,
    service: serviceFiguresFromRecords(assertions),
    baseline: { file: 'base.json', deltas: compareWithBaseline(summary.metrics, before) },
    gates: checkGates(new Map([['Empathy', { minPassRate: 0.8 }]]), summary.metrics),
  })
  expect(markdown).toMatchInlineSnapshot(`
    "## vitest-amigo

    **4 judged assertions** in 4 tests: 3 passed, 1 failed.

    | Metric | Type | Assertions | Passed | Pass rate | Values | vs baseline |
    | --- | --- | ---: | ---: | ---: | --- | --- |
    | Empathy \`661879aa75130b73714e8d3f\` | numerical | 2 | 1 | 50.0% | mean 6.5, min 4, max 9 | -50.0 pp, mean -2.5 |
    | Escalated correctly \`661879aa75130b73714e8d40\` | boolean | 1 | 1 | 100.0% | true 1, false 0 | new |
    | Sentiment \`661879aa75130b73714e8d41\` | categorical | 1 | 1 | 100.0% | positive 1, neutral 0, negative 0 | new |

    Compared with baseline \`base.json\`.

    Service: 4 judged fresh, 0 from cache (from the records; no service in this run).

    ### Gates: ❌ 1 of 1 gate failed: the run fails

    - ❌ gate minPassRate on "Empathy" (661879aa75130b73714e8d3f): pass rate 50.0% < 80.0%

    ### Failed assertions

    #### \`agent.test.ts\` › a \\| b (failed)

    - ❌ **Empathy** \`661879aa75130b73714e8d3f\`, conversation 6618791275130b73714e8d1c, interaction 6618791275130b73714e8d2a
      expected \`value >= 7\`, got **4**

      > Line one.
      > Line two.

      References: \`m1\`, \`m2\`
    "
  `)
})

test('no assertions, no gates', () => {
  const summary = summarizeRun([])
  expect(
    renderMarkdown({
      assertions: [],
      summary,
      service: serviceFiguresFromRecords([]),
      baseline: null,
      gates: [],
    }),
  ).toMatchInlineSnapshot(`
    "## vitest-amigo

    No judged assertions in this run.

    Service: 0 judged fresh, 0 from cache (from the records; no service in this run).
    "
  `)
})
