/**
 * The simulator's metrics, in memory: create with unique names, update of the mutable fields, soft
 * delete (refused for metrics used in a simulation unit test), and the API shapes of a stored metric.
 */
import type {
  CreateMetricRequest,
  Metric,
  MetricValue,
  SearchedMetric,
  Tag,
  UpdateMetricRequest,
  UserInfo,
} from '../client/schemas.js'
import type { FixtureMetric } from './fixtures.js'
import { HttpError, notFound } from './http-error.js'

export interface StoredMetric {
  readonly id: string
  readonly name: string
  description: string
  applied_to_services: string[]
  additional_notes: string | null
  tags: Tag[]
  readonly metric_value: MetricValue
  readonly creator: UserInfo
  updated_by: UserInfo
  readonly created_at: string
  updated_at: string
  is_deleted: boolean
  readonly used_in_simulation_unit_test: boolean
}

const tagList = (tags: Readonly<Record<string, string | null>>): Tag[] =>
  Object.entries(tags).map(([key, value]) => ({ key, value }))

export class MetricStore {
  readonly #organization: string
  readonly #metrics: StoredMetric[]
  #created = 0

  constructor(organization: string, fixtures: readonly FixtureMetric[]) {
    this.#organization = organization
    this.#metrics = fixtures.map(({ tags, creator_user_id, ...rest }) => {
      const creator = { org_id: organization, user_id: creator_user_id }
      return {
        ...rest,
        applied_to_services: [...rest.applied_to_services],
        tags: tagList(tags),
        creator,
        updated_by: creator,
      }
    })
  }

  /** Every metric, deleted ones included, in creation order. */
  all(): readonly StoredMetric[] {
    return this.#metrics
  }

  /** The metric with `id` (deleted too), or undefined. */
  find(id: string): StoredMetric | undefined {
    return this.#metrics.find((m) => m.id === id)
  }

  /** The live (not deleted) metric with `id`, or a 404. */
  live(id: string): StoredMetric {
    const metric = this.find(id)
    if (metric === undefined || metric.is_deleted) throw notFound('Metric', id)
    return metric
  }

  create(body: CreateMetricRequest, user: UserInfo, now: Date = new Date()): StoredMetric {
    if (this.#metrics.some((m) => !m.is_deleted && m.name === body.name)) {
      throw new HttpError(409, 'A metric with this name already exists')
    }
    this.#created += 1
    const timestamp = Math.floor(now.getTime() / 1000)
      .toString(16)
      .padStart(8, '0')
    const metric: StoredMetric = {
      id: `${timestamp}${this.#created.toString(16).padStart(16, '0')}`,
      name: body.name,
      description: body.description,
      applied_to_services: [...body.applied_to_services],
      additional_notes: body.additional_notes,
      tags: tagList(body.tags),
      metric_value: body.metric_value,
      creator: user,
      updated_by: user,
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
      is_deleted: false,
      used_in_simulation_unit_test: false,
    }
    this.#metrics.push(metric)
    return metric
  }

  /** Applies the fields that are set (`additional_notes: null` clears the notes). */
  update(id: string, body: UpdateMetricRequest, user: UserInfo, now: Date = new Date()): void {
    const metric = this.live(id)
    if (body.description != null) metric.description = body.description
    if (body.applied_to_services != null) metric.applied_to_services = [...body.applied_to_services]
    if (body.additional_notes !== undefined) metric.additional_notes = body.additional_notes
    if (body.tags != null) metric.tags = tagList(body.tags)
    this.#touch(metric, user, now)
  }

  softDelete(id: string, user: UserInfo, now: Date = new Date()): void {
    const metric = this.live(id)
    if (metric.used_in_simulation_unit_test) {
      throw new HttpError(400, `Metric ${id} is used in a simulation unit test and cannot be deleted.`)
    }
    metric.is_deleted = true
    this.#touch(metric, user, now)
  }

  #touch(metric: StoredMetric, user: UserInfo, now: Date): void {
    metric.updated_by = user
    metric.updated_at = now.toISOString()
  }

  /** The shape `GET /metric/` returns (`id`). */
  toListed(metric: StoredMetric): Metric {
    const { used_in_simulation_unit_test: _, ...fields } = metric
    return { ...fields, org_id: this.#organization, tags: fields.tags.map((t) => ({ ...t })) }
  }

  /** The shape `GET /metric/search/` returns (`_id`). */
  toSearched(metric: StoredMetric): SearchedMetric {
    const { id, ...fields } = this.toListed(metric)
    return { _id: id, ...fields }
  }
}
