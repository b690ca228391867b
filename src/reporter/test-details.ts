/**
 * Which judged assertions to detail, grouped by the test they belong to: the failed ones (under the
 * test that ran them), and with `verbose` the passed ones too.
 */
import type { ReportedAssertion } from './report-schema.js'

export interface TestDetails {
  readonly file: string
  readonly test: string
  readonly testState: ReportedAssertion['testState']
  readonly assertions: readonly ReportedAssertion[]
}

/** Groups the assertions to show by test, keeping the (stable) order of `assertions`. */
export function selectTestDetails(assertions: readonly ReportedAssertion[], verbose: boolean): TestDetails[] {
  const byTest = new Map<string, TestDetails & { assertions: ReportedAssertion[] }>()
  for (const assertion of assertions) {
    if (assertion.passed && !verbose) continue
    const key = `${assertion.file}\0${assertion.test}`
    const entry = byTest.get(key)
    if (entry) entry.assertions.push(assertion)
    else {
      const { file, test, testState } = assertion
      byTest.set(key, { file, test, testState, assertions: [assertion] })
    }
  }
  return [...byTest.values()]
}
