/** The simulator's judge (see `judge-metric.ts`). Explicit re-exports only. */
export { type JudgedMetric, judgeMetric, type Verdict } from './judge-metric.js'
