/**
 * `vitest-amigo/setup`: registers the metric matchers with `expect.extend` (a side effect); their typings,
 * and those of the judged-assertion records on `task.meta`, come with it (`matcher-typings.ts`). In runs
 * with the plugin, it also has the verdicts the run's service holds for each `conversation()` fetched
 * ahead, and reports to the service, after each test file, the asks the worker answered by itself. The
 * plugin adds this file to the setup files; users who wire things by hand list it in `setupFiles`.
 */
import { afterAll, expect } from 'vitest'
import { anticipateNamedConversations, flushBackend } from './backend.js'
import * as matchers from './index.js'

expect.extend(matchers)
anticipateNamedConversations()
// The service's figures count every ask, also those this worker answered by itself.
afterAll(flushBackend)

export type { AmigoMatchers } from './matcher-typings.js'
