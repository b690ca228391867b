/** The run's figures, counted as they happen and read as a snapshot. */
import type { ServiceStats } from '../types.js'

type Counter = keyof ServiceStats

export class StatsRecorder {
  private readonly figures: Record<Counter, number> = {
    evaluateCalls: 0,
    cacheHits: 0,
    cacheMisses: 0,
    deduplicated: 0,
    batchedCalls: 0,
    definitionCalls: 0,
    rateLimitWaitMs: 0,
    retries: 0,
  }

  add(counter: Counter, amount = 1): void {
    this.figures[counter] += amount
  }

  snapshot(): ServiceStats {
    return { ...this.figures }
  }
}
