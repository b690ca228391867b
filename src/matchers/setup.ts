/**
 * `vitest-amigo/setup`: registers the metric matchers with `expect.extend` (a side effect); their typings,
 * and those of the judged-assertion records on `task.meta`, come with it (`matcher-typings.ts`). In runs
 * with the plugin, it also has the verdicts the run's service holds for each `conversation()` fetched
 * ahead, and leaves on each test file's `meta` the asks the worker answered by itself, for the service. The
 * plugin adds this file to the setup files; users who wire things by hand list it in `setupFiles`.
 */
import { afterAll, expect } from 'vitest'
import { anticipateNamedConversations, takeUnreportedAsks } from './backend.js'
import * as matchers from './index.js'

expect.extend(matchers)
anticipateNamedConversations()
// The service's figures count every ask, also those this worker answered by itself: the count goes to the
// main process with the file's results (see the plugin), not in a request of its own.
// biome-ignore lint/correctness/noEmptyPattern: Vitest reads hook fixtures from a destructured first argument.
afterAll(({}, file) => {
  const unreported = takeUnreportedAsks()
  if (unreported > 0) file.meta.amigoServedLocally = (file.meta.amigoServedLocally ?? 0) + unreported
})

export type { AmigoMatchers } from './matcher-typings.js'
