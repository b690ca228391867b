/**
 * The metric definitions used in a run, fetched once: IDs asked for together go out as one get-metrics call
 * with `id` filters (all pages), or are read from the listing below once it is there. Names resolve from
 * ONE listing of the organization's live metrics (all pages, 50 a page), shared by every name of the run;
 * a name missing from it is searched (a metric created during the run), then looked for among the deleted
 * metrics (also listed once), so that a deleted metric's name fails as deleted. Each ID and name is looked
 * up at most once per run (single-flight); failed look-ups are forgotten so that a later ask tries again.
 */
import type { AmigoClient } from '../client/client.js'
import type { Metric, SearchedMetric } from '../client/schemas.js'
import { OBJECT_ID_PATTERN } from '../ids.js'
import type { MetricDefinition } from '../types.js'
import { closeMatches } from './close-matches.js'
import { chunked, type Deferred, deferred } from './deferred.js'
import { definitionFromMetric, metricIdOf } from './definition-conversion.js'
import { FAILURE_CODES, failure, failureFromError } from './failures.js'
import type { Outcome } from './types.js'

/** The most IDs per get-metrics call (the endpoint's page size limit). */
const IDS_PER_LOOKUP = 50

type DefinitionOutcome = Outcome<MetricDefinition>

export interface MetricDefinitionsOptions {
  /**
   * How long ID look-ups are collected before they go out together as one get-metrics call, in
   * milliseconds (`0`: one turn of the event loop).
   * @default 0
   */
  readonly windowMs?: number | undefined
  /** The API client; called only when a look-up is really needed. May throw (e.g. missing credentials). */
  readonly client: () => AmigoClient
  /** Runs one API call, waiting out rate limits. */
  readonly patiently: <T>(send: () => Promise<T>) => Promise<T>
  /** Told of every get-metrics or search call. */
  readonly onLookup: () => void
}

/** Whether a metric reference is an ID (24 lowercase hex) rather than a name. */
export function isMetricId(reference: string): boolean {
  return OBJECT_ID_PATTERN.test(reference)
}

export class MetricDefinitions {
  private readonly byId = new Map<string, Promise<DefinitionOutcome>>()
  private readonly byName = new Map<string, Promise<DefinitionOutcome>>()
  private pendingIds = new Map<string, Deferred<DefinitionOutcome>>()
  /** The organization's live metrics, then its deleted ones: each listed once per run, when first needed. */
  private readonly listings = new Map<'live' | 'deleted', Promise<readonly Metric[]>>()

  constructor(private readonly options: MetricDefinitionsOptions) {}

  /** One outcome per reference (ID or name), in order. Never rejects. */
  resolve(references: readonly string[]): Promise<DefinitionOutcome[]> {
    return Promise.all(references.map((reference) => this.resolveOne(reference)))
  }

  /**
   * Adds the IDs not looked up yet to the next look-up, without waiting for them: metrics likely to be
   * asked soon (e.g. those the cache remembers at a conversation) come in the same get-metrics call.
   */
  prefetch(ids: Iterable<string>): void {
    for (const id of ids) if (isMetricId(id)) void this.resolveId(id)
  }

  private resolveOne(reference: string): Promise<DefinitionOutcome> {
    if (typeof reference !== 'string' || reference.trim() === '') {
      return Promise.resolve({
        ok: false,
        failure: failure(
          FAILURE_CODES.badInput,
          `vitest-amigo: a metric must be a 24-hex metric ID or a metric name, got ${JSON.stringify(reference)}`,
        ),
      })
    }
    return isMetricId(reference) ? this.resolveId(reference) : this.resolveName(reference)
  }

  private resolveId(id: string): Promise<DefinitionOutcome> {
    const known = this.byId.get(id)
    if (known) return known
    const pending = deferred<DefinitionOutcome>()
    this.remember(this.byId, id, pending.promise)
    if (this.pendingIds.size === 0) this.afterWindow(() => void this.lookUpPendingIds())
    this.pendingIds.set(id, pending)
    return pending.promise
  }

  private resolveName(name: string): Promise<DefinitionOutcome> {
    const known = this.byName.get(name)
    if (known) return known
    const lookup = this.lookUpName(name)
    this.remember(this.byName, name, lookup)
    return lookup
  }

  private afterWindow(send: () => void): void {
    const windowMs = this.options.windowMs ?? 0
    if (windowMs > 0) setTimeout(send, windowMs)
    else setImmediate(send)
  }

  /** Keeps an outcome for the run, unless it is a failure of the call itself (then a later ask retries). */
  private remember(
    map: Map<string, Promise<DefinitionOutcome>>,
    key: string,
    outcome: Promise<DefinitionOutcome>,
  ) {
    map.set(key, outcome)
    void outcome.then((settled) => {
      if (!settled.ok && !isVerdictAboutTheMetric(settled.failure.code)) map.delete(key)
    })
  }

  private async lookUpPendingIds(): Promise<void> {
    const pending = this.pendingIds
    this.pendingIds = new Map()
    const ids = [...pending.keys()]
    try {
      // Names asked in this run have the live metrics listed: IDs among them need no call of their own.
      const listed = this.listings.has('live') ? await this.listing('live').catch(() => []) : []
      const found = new Map(
        listed.filter((metric) => pending.has(metric.id)).map((metric) => [metric.id, metric]),
      )
      for (const deleted of [false, true]) {
        const missing = ids.filter((id) => !found.has(id))
        if (missing.length > 0)
          for (const metric of await this.listByIds(missing, deleted)) found.set(metric.id, metric)
      }
      for (const [id, settle] of pending) {
        const metric = found.get(id)
        settle.resolve(metric ? this.outcomeOf(metric) : this.unknown(`metric ID ${id}`, []))
      }
    } catch (error) {
      const failed = failureFromError(`looking up metric(s) ${ids.join(', ')}`, error)
      for (const settle of pending.values()) settle.resolve({ ok: false, failure: failed })
    }
  }

  /** Live listing, then search (created since the listing), then the deleted metrics: the first exact match. */
  private async lookUpName(name: string): Promise<DefinitionOutcome> {
    try {
      const live = await this.listing('live')
      const listed = exactMatch(live, name)
      if (listed) return this.outcomeOf(listed)
      this.options.onLookup()
      const { metrics: searched } = await this.options.patiently(() =>
        this.options.client().metrics.search({ query: name }),
      )
      const match = exactMatch(searched, name) ?? exactMatch(await this.listing('deleted'), name)
      if (match) return this.outcomeOf(match)
      return this.unknown(
        `metric name "${name}"`,
        closeMatches(
          name,
          live.map((metric) => metric.name),
        ),
      )
    } catch (error) {
      return { ok: false, failure: failureFromError(`looking up metric name "${name}"`, error) }
    }
  }

  /** Every live (or deleted) metric of the organization, listed once per run (again after a failure). */
  private listing(which: 'live' | 'deleted'): Promise<readonly Metric[]> {
    let listing = this.listings.get(which)
    if (!listing) {
      listing = this.listPages(which === 'deleted' ? { is_deleted: true } : {})
      this.listings.set(which, listing)
      listing.catch(() => this.listings.delete(which))
    }
    return listing
  }

  private async listByIds(ids: readonly string[], deleted: boolean): Promise<Metric[]> {
    const pages = await Promise.all(
      chunked(ids, IDS_PER_LOOKUP).map((chunk) =>
        this.listPages({ id: chunk, ...(deleted ? { is_deleted: true } : {}) }),
      ),
    )
    return pages.flat()
  }

  /** Every page of a get-metrics query, following the continuation token. */
  private async listPages(filters: { id?: string[]; is_deleted?: boolean }): Promise<Metric[]> {
    const metrics: Metric[] = []
    let continuationToken: number | string | undefined
    do {
      this.options.onLookup()
      const params = {
        ...filters,
        limit: IDS_PER_LOOKUP,
        ...(continuationToken === undefined ? {} : { continuation_token: continuationToken }),
      }
      const page = await this.options.patiently(() => this.options.client().metrics.list(params))
      metrics.push(...page.metrics)
      continuationToken = page.has_more ? (page.continuation_token ?? undefined) : undefined
    } while (continuationToken !== undefined)
    return metrics
  }

  private outcomeOf(metric: Metric | SearchedMetric): DefinitionOutcome {
    const id = metricIdOf(metric)
    const definition = definitionFromMetric(metric)
    let outcome: DefinitionOutcome
    if (!definition) {
      outcome = {
        ok: false,
        failure: failure(
          FAILURE_CODES.unexpected,
          `vitest-amigo: metric "${metric.name}" (${id}) came without a value type (neither metric_value nor metric_value_type)`,
        ),
      }
    } else if (definition.isDeleted) {
      outcome = {
        ok: false,
        failure: failure(
          FAILURE_CODES.deletedMetric,
          `vitest-amigo: metric "${metric.name}" (${id}) has been deleted in organization ` +
            `${this.options.client().organization}; it can no longer be evaluated. Use another metric or remove the assertion.`,
        ),
      }
    } else {
      outcome = { ok: true, value: definition }
    }
    if (!this.byId.has(id)) this.byId.set(id, Promise.resolve(outcome))
    if (outcome.ok && !this.byName.has(metric.name)) this.byName.set(metric.name, Promise.resolve(outcome))
    return outcome
  }

  private unknown(what: string, suggestions: readonly string[]): DefinitionOutcome {
    const hint =
      suggestions.length > 0 ? ` Did you mean ${suggestions.map((name) => `"${name}"`).join(' or ')}?` : ''
    return {
      ok: false,
      failure: failure(
        FAILURE_CODES.unknownMetric,
        `vitest-amigo: unknown metric: no ${what} in organization ${this.options.client().organization}.${hint}`,
      ),
    }
  }
}

/** Failures that say something about the metric (kept for the run), as opposed to a failed call. */
function isVerdictAboutTheMetric(code: string): boolean {
  return code === FAILURE_CODES.unknownMetric || code === FAILURE_CODES.deletedMetric
}

/** The metric named exactly `name`, preferring one that is not deleted. */
function exactMatch<M extends Metric | SearchedMetric>(metrics: readonly M[], name: string): M | undefined {
  const named = metrics.filter((metric) => metric.name === name)
  return named.find((metric) => !metric.is_deleted) ?? named[0]
}
