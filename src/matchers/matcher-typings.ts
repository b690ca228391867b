/**
 * The metric matchers' typings: `expect(...)` gets them (`declare module 'vitest'`), and tests' `task.meta`
 * gets the judged-assertion records. Types only: nothing is registered here (the setup entry does that).
 */
import type { ConversationInput } from '../conversation.js'
import type { JudgedAssertion } from '../types.js'
import type { SuccessCriterionInput } from './criterion.js'
import type { MetricMatcherOptions } from './options.js'

/** Whether the received type can be judged: `any`/`unknown` pass, other types must be a conversation input. */
type Judgeable<T, Method> = unknown extends T ? Method : T extends ConversationInput ? Method : never

/**
 * The metric matchers. All are async: always `await` them. `metric` is a 24-hex metric ID or a metric name.
 * All work with `.not` and `expect.soft`; a `null` value (metric not applicable) fails either way unless
 * `{ allowNotApplicable: true }` is given.
 */
export interface AmigoMatchers<T = unknown> {
  /** A numerical metric's value is at least `min` (which must lie within the metric's bounds). */
  toScoreMetric: Judgeable<
    T,
    (metric: string, min: number, options?: MetricMatcherOptions | undefined) => Promise<void>
  >
  /** A boolean metric's value is `true`. */
  toPassMetric: Judgeable<T, (metric: string, options?: MetricMatcherOptions | undefined) => Promise<void>>
  /** A categorical metric's value is `expected`, or one of `expected` when a list is given. */
  toHaveMetricCategory: Judgeable<
    T,
    (
      metric: string,
      expected: string | readonly string[],
      options?: MetricMatcherOptions | undefined,
    ) => Promise<void>
  >
  /**
   * The metric's value meets one of Amigo's success-criterion forms: `{ verb, threshold }` (numerical),
   * `{ expected_value }` (boolean) or `{ expected_values }` (categorical); `type` may be left out.
   */
  toSatisfyMetric: Judgeable<
    T,
    (
      metric: string,
      criterion: SuccessCriterionInput,
      options?: MetricMatcherOptions | undefined,
    ) => Promise<void>
  >
}

declare module 'vitest' {
  // biome-ignore lint/suspicious/noExplicitAny: the type parameter's default must match Vitest's declaration.
  interface Matchers<T = any> extends AmigoMatchers<T> {}
  interface TaskMeta {
    /** The judged assertions of the test, in order (vitest-amigo; read by its reporter). */
    amigo?: JudgedAssertion[]
    /**
     * On a test file: the asks its worker answered from verdicts the run's service shared, not reported to
     * the service yet (vitest-amigo; the plugin counts them as the service's cache hits).
     */
    amigoServedLocally?: number
  }
}
