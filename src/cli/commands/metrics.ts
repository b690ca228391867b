/**
 * `vitest-amigo metrics list|search|get|create|update|delete`: the metric endpoints from the command line,
 * configured like the plugin (flags, then `AMIGO_*` environment variables).
 */
import { AmigoClient } from '../../client/client.js'
import type { MetricListParams } from '../../client/params.js'
import {
  type CreateMetricRequest,
  type Metric,
  type MetricType,
  metricTypeSchema,
  OBJECT_ID_PATTERN,
  type UpdateMetricRequest,
} from '../../client/schemas.js'
import { closeMatches } from '../../service/close-matches.js'
import {
  CLIENT_FLAGS,
  CLIENT_FLAGS_USAGE,
  clientOptionsFrom,
  EXIT_CODES,
  numberFlag,
  parseFlags,
  positionals,
  wholeNumberFlag,
} from '../cli-config.js'
import { type CliCommand, type CliIo, CliUsageError } from '../command.js'
import { reportFailure } from '../command-failure.js'
import { renderMetricDetails, renderMetricTable } from '../metric-text.js'

const USAGE = `Usage: vitest-amigo metrics <action> [options]

Actions:
  list                        Every metric (all pages), filtered:
      --id <id>               only this metric ID (repeatable)
      --type <type>           numerical, boolean or categorical (repeatable)
      --tag <key:value>       only metrics with this tag; key:* any value, key: none (repeatable)
      --service <id>          only metrics applied to this service (repeatable)
      --creator <org,user>    only metrics by this creator (repeatable)
      --deleted               list deleted metrics instead of live ones
      --sort <field>          e.g. -updated_at (repeatable)
      --limit <n>             print at most n metrics
  search <query>              The top 50 metrics matching the text; --type, --tag, --service, --creator as above
  get <id-or-name>            One metric, by 24-hex ID or exact name
  create                      Create a metric (prints its ID):
      --name <name> --description <text> --type <type>   (all required)
      --lower-bound <n> --upper-bound <n>                (numerical, required)
      --category <name>                                  (categorical, repeatable, at least one)
      --notes <text> --tag <key:value> --service <id>    (optional; --tag, --service repeatable)
  update <id>                 Change --description, --notes, --tag, --service (name and type are fixed)
  delete <id>                 Soft-delete a metric (400 when a simulation unit test uses it)

${CLIENT_FLAGS_USAGE}`

const FLAGS = {
  ...CLIENT_FLAGS,
  id: { type: 'string', multiple: true },
  type: { type: 'string', multiple: true },
  tag: { type: 'string', multiple: true },
  service: { type: 'string', multiple: true },
  creator: { type: 'string', multiple: true },
  deleted: { type: 'boolean' },
  sort: { type: 'string', multiple: true },
  limit: { type: 'string' },
  name: { type: 'string' },
  description: { type: 'string' },
  'lower-bound': { type: 'string' },
  'upper-bound': { type: 'string' },
  category: { type: 'string', multiple: true },
  notes: { type: 'string' },
} as const

type Values = ReturnType<typeof parseFlags<typeof FLAGS>>['values']

/** Flags each action accepts besides the client flags; anything else is a usage error. */
const ACTION_FLAGS: Record<string, readonly (keyof typeof FLAGS)[]> = {
  list: ['id', 'type', 'tag', 'service', 'creator', 'deleted', 'sort', 'limit'],
  search: ['type', 'tag', 'service', 'creator'],
  get: [],
  create: [
    'name',
    'description',
    'type',
    'lower-bound',
    'upper-bound',
    'category',
    'notes',
    'tag',
    'service',
  ],
  update: ['description', 'notes', 'tag', 'service'],
  delete: [],
}

function checkFlagsFit(action: string, values: Values): void {
  const allowed = new Set<string>([...Object.keys(CLIENT_FLAGS), ...(ACTION_FLAGS[action] ?? [])])
  const misplaced = Object.keys(values).filter((flag) => !allowed.has(flag))
  if (misplaced.length > 0) {
    throw new CliUsageError(
      `metrics ${action} does not take ${misplaced.map((flag) => `--${flag}`).join(', ')}.`,
    )
  }
}

function metricTypes(values: readonly string[] | undefined): MetricType[] | undefined {
  return values?.map((value) => {
    const parsed = metricTypeSchema.safeParse(value)
    if (parsed.success) return parsed.data
    throw new CliUsageError(`--type must be numerical, boolean or categorical, got "${value}".`)
  })
}

/** `key:value` -> `{ key: value }`; `key` or `key:` -> `{ key: null }`. */
function tagRecord(values: readonly string[] | undefined): Record<string, string | null> | undefined {
  if (values === undefined) return undefined
  const entries = values.map((tag): [string, string | null] => {
    const colon = tag.indexOf(':')
    const key = colon === -1 ? tag : tag.slice(0, colon)
    if (key.trim() === '') throw new CliUsageError(`--tag must be key:value or key, got "${tag}".`)
    const value = colon === -1 ? '' : tag.slice(colon + 1)
    return [key, value === '' ? null : value]
  })
  return Object.fromEntries(entries)
}

function required(values: Values, flag: 'name' | 'description' | 'type'): string {
  const given = values[flag]
  if (Array.isArray(given) && given.length > 1) throw new CliUsageError(`metrics create takes one --${flag}.`)
  const value = Array.isArray(given) ? given[0] : given
  if (typeof value === 'string' && value.trim() !== '') return value
  throw new CliUsageError(`metrics create needs --${flag}.`)
}

function createBody(values: Values): CreateMetricRequest {
  const [type] = metricTypes([required(values, 'type')]) ?? []
  const common = {
    name: required(values, 'name'),
    description: required(values, 'description'),
    applied_to_services: values.service ?? [],
    additional_notes: values.notes ?? null,
    tags: tagRecord(values.tag) ?? {},
  }
  if (type === 'numerical') {
    const lower = numberFlag('lower-bound', values['lower-bound'])
    const upper = numberFlag('upper-bound', values['upper-bound'])
    if (lower === undefined || upper === undefined || lower >= upper) {
      throw new CliUsageError('a numerical metric needs --lower-bound and --upper-bound, lower below upper.')
    }
    return { ...common, metric_value: { type, lower_bound: lower, upper_bound: upper } }
  }
  if (type === 'categorical') {
    if (!values.category?.length)
      throw new CliUsageError('a categorical metric needs at least one --category.')
    return { ...common, metric_value: { type, categories: values.category } }
  }
  return { ...common, metric_value: { type: 'boolean' } }
}

function updateBody(values: Values): UpdateMetricRequest {
  const body: UpdateMetricRequest = {
    ...(values.description === undefined ? {} : { description: values.description }),
    ...(values.notes === undefined ? {} : { additional_notes: values.notes }),
    ...(values.tag === undefined ? {} : { tags: tagRecord(values.tag) }),
    ...(values.service === undefined ? {} : { applied_to_services: values.service }),
  }
  if (Object.keys(body).length === 0) {
    throw new CliUsageError('metrics update needs at least one of --description, --notes, --tag, --service.')
  }
  return body
}

function filters(values: Values) {
  return {
    type: metricTypes(values.type),
    tag: values.tag,
    applied_to_service: values.service,
    creator: values.creator,
  }
}

async function listMetrics(client: AmigoClient, values: Values): Promise<Metric[]> {
  const limit = wholeNumberFlag('limit', values.limit, 1)
  const params: MetricListParams = {
    ...filters(values),
    id: values.id,
    is_deleted: values.deleted,
    sort_by: values.sort,
  }
  const metrics: Metric[] = []
  for await (const metric of client.metrics.listAll(params)) {
    if (limit !== undefined && metrics.length >= limit) break
    metrics.push(metric)
  }
  return metrics
}

/** A metric by ID (live or deleted) or by exact name; an error with close names when there is none. */
async function findMetric(client: AmigoClient, reference: string): Promise<Metric> {
  if (OBJECT_ID_PATTERN.test(reference)) {
    for (const is_deleted of [false, true]) {
      const [found] = (await client.metrics.list({ id: [reference], is_deleted })).metrics
      if (found) return found
    }
    throw new Error(`no metric with ID ${reference} in organization ${client.organization}.`)
  }
  const all: Metric[] = []
  for await (const metric of client.metrics.listAll()) all.push(metric)
  const found = all.find((metric) => metric.name === reference)
  if (found) return found
  const close = closeMatches(
    reference,
    all.map((metric) => metric.name),
  )
  const hint = close.length > 0 ? ` Did you mean ${close.map((name) => `"${name}"`).join(', ')}?` : ''
  throw new Error(`no metric named "${reference}" in organization ${client.organization}.${hint}`)
}

interface ActionResult {
  readonly json: unknown
  readonly text: readonly string[]
}

async function runAction(action: string, args: readonly string[], values: Values): Promise<ActionResult> {
  checkFlagsFit(action, values)
  const client = (): AmigoClient => new AmigoClient(clientOptionsFrom(values))
  switch (action) {
    case 'list': {
      positionals(args, [])
      const metrics = await listMetrics(client(), values)
      return { json: metrics, text: renderMetricTable(metrics) }
    }
    case 'search': {
      const [query = ''] = positionals(args, ['query'])
      const { metrics } = await client().metrics.search({ query, ...filters(values) })
      return { json: metrics, text: renderMetricTable(metrics) }
    }
    case 'get': {
      const [reference = ''] = positionals(args, ['id-or-name'])
      const metric = await findMetric(client(), reference)
      return { json: metric, text: renderMetricDetails(metric) }
    }
    case 'create': {
      positionals(args, [])
      const body = createBody(values)
      const { id } = await client().metrics.create(body)
      return { json: { id }, text: [`Created metric "${body.name}" (${id}).`] }
    }
    case 'update': {
      const [id = ''] = positionals(args, ['id'])
      await client().metrics.update(id, updateBody(values))
      return { json: { id, updated: true }, text: [`Updated metric ${id}.`] }
    }
    case 'delete': {
      const [id = ''] = positionals(args, ['id'])
      await client().metrics.delete(id)
      return { json: { id, deleted: true }, text: [`Deleted metric ${id}.`] }
    }
    default:
      throw new CliUsageError(
        action === '' ? 'metrics needs an action.' : `unknown metrics action "${action}".`,
      )
  }
}

export const metricsCommand: CliCommand = {
  name: 'metrics',
  usage: USAGE,
  async run(args, io: CliIo) {
    const { values, positionals: rest } = parseFlags(args, FLAGS)
    const [action = '', ...actionArgs] = rest
    try {
      const result = await runAction(action, actionArgs, values)
      io.stdout.write(
        values.json ? `${JSON.stringify(result.json, null, 2)}\n` : `${result.text.join('\n')}\n`,
      )
      return EXIT_CODES.ok
    } catch (error) {
      return reportFailure(error, `metrics ${action}`, io, values.json === true)
    }
  },
}
