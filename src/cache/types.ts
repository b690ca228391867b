/**
 * The on-disk evaluation cache's contract: one JSON file per organization+conversation, holding per
 * interaction (or the whole conversation) the latest verdict of each metric asked for it.
 */
import type { MetricDescriptor, MetricResultValue } from '../types.js'

/** Cache modes (option `mode`, env `AMIGO_EVAL_MODE`). */
export type CacheMode = 'auto' | 'replay' | 'record' | 'off'

/** Where in the cache a verdict lives. */
export interface CacheLocation {
  readonly organization: string
  readonly conversationId: string
  /** `null`: the whole conversation. */
  readonly interactionId: string | null
}

/** One cached verdict: what the judge said, about which definition of the metric, when and where. */
export interface CacheEntry extends MetricDescriptor {
  /** Fingerprint of the metric definition judged; a different fingerprint is a miss. */
  readonly fingerprint: string
  readonly value: MetricResultValue
  readonly justification: string
  readonly references: readonly string[]
  /** ISO date-time of the judgement. */
  readonly judgedAt: string
  /** Base URL of the API that judged it (provenance only). */
  readonly baseUrl: string
}

/** Told about files that could not be read and were set aside, never thrown. */
export type CacheWarningHandler = (warning: { readonly file: string; readonly reason: string }) => void

export interface EvaluationCache {
  /** The entry for a metric at a location, or `undefined`. With a fingerprint, a different one is a miss. */
  get(location: CacheLocation, metricId: string, fingerprint?: string): Promise<CacheEntry | undefined>
  /** All entries at a location (for replay-mode name resolution and for prefetch of remembered sets). */
  list(location: CacheLocation): Promise<readonly CacheEntry[]>
  /** Stores entries at a location, merged with what is on disk, atomically and safely across processes. */
  put(location: CacheLocation, entries: readonly CacheEntry[]): Promise<void>
  /** Removes one metric's entry at a location (a failed verdict that Vitest retries). */
  evict(location: CacheLocation, metricId: string): Promise<void>
}
