/**
 * The plugin's reporter that completes the service's figures: each test file's worker leaves on the file's
 * `meta` the asks it answered from verdicts the service shared (see the setup file); they count as the
 * service's cache hits as each file ends, before any reporter reads the figures at the end of the run.
 */
import type { Reporter, TestModule } from 'vitest/node'

/** What the counter needs of the run's service. */
export interface ServedLocallyTally {
  countServedLocally(count: number): void
}

export class ServedLocallyCounter implements Reporter {
  constructor(private readonly service: ServedLocallyTally) {}

  onTestModuleEnd(testModule: TestModule): void {
    const count = testModule.meta().amigoServedLocally
    if (typeof count === 'number' && Number.isSafeInteger(count) && count > 0) {
      this.service.countServedLocally(count)
    }
  }
}
