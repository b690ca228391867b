/**
 * The Vitest test a matcher runs in, and the `JudgedAssertion` records it leaves on `task.meta.amigo` for
 * the reporter (main process, `testCase.meta().amigo`).
 */
import { type MatcherState, type RunnerTestCase, TestRunner } from 'vitest'
import type { JudgedAssertion } from '../types.js'

/**
 * The test the assertion belongs to: `this.task` (set by `expect` bound to a test, and always by
 * `context.expect`), else the runner's current test unless it runs concurrently (with the global `expect`
 * in concurrent tests the current test may be another one: there, use `context.expect`).
 */
export function currentTest(state: MatcherState): Readonly<RunnerTestCase> | undefined {
  if (state.task) return state.task
  const test = TestRunner.getCurrentTest()
  return test?.concurrent ? undefined : test
}

/** Whether the test is being retried by Vitest (`retry`): then verdicts are judged afresh. */
export function isRetry(test: Readonly<RunnerTestCase> | undefined): boolean {
  return (test?.result?.retryCount ?? 0) > 0
}

/** The retry attempt each test's records belong to: records of an earlier attempt are dropped. */
const recordedAttempt = new WeakMap<object, number>()

/** Appends a judged assertion to the test's `meta.amigo`, replacing the records of an earlier attempt. */
export function recordJudgedAssertion(
  test: Readonly<RunnerTestCase> | undefined,
  assertion: JudgedAssertion,
): void {
  if (test === undefined) return
  const attempt = test.result?.retryCount ?? 0
  const records = test.meta.amigo
  // In place: a test with many judged assertions (a loop over conversations) appends each in constant time.
  if (records !== undefined && recordedAttempt.get(test) === attempt) records.push(assertion)
  else {
    recordedAttempt.set(test, attempt)
    test.meta.amigo = [assertion]
  }
}
