/**
 * Reads the judged assertions that matchers recorded on each test's `task.meta.amigo`, in a stable
 * order (test files by path, tests in definition order, assertions in the order they ran), so a
 * sharded-then-merged run lists them exactly as an unsharded run does.
 */
import type { TestCase, TestModule } from 'vitest/node'
import { compareText } from '../internal/compare-text.js'
import { judgedAssertionSchema, type ReportedAssertion } from './report-schema.js'

/** The task-meta key matchers record `JudgedAssertion`s under. */
const META_KEY = 'amigo'

export interface CollectedAssertions {
  readonly assertions: readonly ReportedAssertion[]
  /** Records on `task.meta.amigo` that are not judged assertions (one line each, for a warning). */
  readonly malformed: readonly string[]
}

function recordsOf(testCase: TestCase): readonly unknown[] {
  const records = (testCase.meta() as Record<string, unknown>)[META_KEY]
  return Array.isArray(records) ? records : []
}

/** Collects every judged assertion of the given test modules. */
export function collectAssertions(testModules: readonly TestModule[]): CollectedAssertions {
  const assertions: ReportedAssertion[] = []
  const malformed: string[] = []
  const modules = [...testModules].sort((a, b) => compareText(a.relativeModuleId, b.relativeModuleId))
  for (const testModule of modules) {
    const file = testModule.relativeModuleId.replaceAll('\\', '/')
    for (const testCase of testModule.children.allTests()) {
      const testState = testCase.result().state
      for (const record of recordsOf(testCase)) {
        const parsed = judgedAssertionSchema.safeParse(record)
        if (parsed.success) assertions.push({ ...parsed.data, test: testCase.fullName, file, testState })
        else
          malformed.push(
            `${file} > ${testCase.fullName}: ${parsed.error.issues[0]?.message ?? 'invalid record'}`,
          )
      }
    }
  }
  return { assertions, malformed }
}
