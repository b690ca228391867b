/**
 * The simulator's data: conversations (interactions of user and agent messages) and metrics, read from
 * `conversations.json` and `metrics.json` in a fixtures directory and validated with zod. Tests read the
 * fixture IDs from here instead of hard-coding them.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { z } from 'zod'
import { metricValueSchema, objectIdSchema } from '../client/schemas.js'

/**
 * The fixtures bundled with the package. This module sits two levels below the package root both as
 * `src/simulator/fixtures.ts` and as `dist/simulator/fixtures.js`.
 */
export const BUNDLED_FIXTURES_DIR = fileURLToPath(new URL('../../fixtures/amigo/', import.meta.url))

const messageSchema = z.object({
  id: objectIdSchema,
  sender: z.enum(['user', 'agent']),
  text: z.string().min(1),
})

const interactionSchema = z.object({ id: objectIdSchema, messages: z.array(messageSchema).min(1) })

const conversationSchema = z.object({
  id: objectIdSchema,
  title: z.string().min(1),
  service_id: objectIdSchema,
  interactions: z.array(interactionSchema),
})

const conversationsFileSchema = z.object({ conversations: z.array(conversationSchema).min(1) })

const metricSchema = z.object({
  id: objectIdSchema,
  name: z.string().trim().min(1),
  description: z.string().trim().min(1),
  applied_to_services: z.array(objectIdSchema),
  additional_notes: z.string().min(1).nullable(),
  tags: z.record(z.string(), z.string().nullable()),
  metric_value: metricValueSchema,
  creator_user_id: objectIdSchema,
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
  is_deleted: z.boolean(),
  /** Whether a simulation unit test uses the metric, so that deleting it answers 400. */
  used_in_simulation_unit_test: z.boolean(),
})

const metricsFileSchema = z.object({
  users: z.array(z.object({ user_id: objectIdSchema, name: z.string().min(1) })),
  metrics: z.array(metricSchema).min(1),
})

export type FixtureMessage = z.infer<typeof messageSchema>
export type FixtureInteraction = z.infer<typeof interactionSchema>
export type FixtureConversation = z.infer<typeof conversationSchema>
export type FixtureMetric = z.infer<typeof metricSchema>
export type FixtureUser = z.infer<typeof metricsFileSchema>['users'][number]

/** Everything a simulator serves, as loaded from a fixtures directory. */
export interface Fixtures {
  readonly conversations: readonly FixtureConversation[]
  readonly metrics: readonly FixtureMetric[]
  readonly users: readonly FixtureUser[]
}

function readJson<T>(dir: string, file: string, schema: z.ZodType<T>): T {
  const path = join(dir, file)
  const parsed = schema.safeParse(JSON.parse(readFileSync(path, 'utf8')))
  if (!parsed.success) {
    throw new Error(`Invalid simulator fixture ${path}:\n${z.prettifyError(parsed.error)}`)
  }
  return parsed.data
}

/** Throws when a list of `values` holds one twice, naming the list (`'metric name'`) and the value. */
function assertUnique(values: Readonly<Record<string, readonly string[]>>, dir: string): void {
  for (const [what, list] of Object.entries(values)) {
    const seen = new Set<string>()
    for (const value of list) {
      if (seen.has(value)) throw new Error(`Invalid simulator fixtures in ${dir}: duplicate ${what} ${value}`)
      seen.add(value)
    }
  }
}

/**
 * Reads and validates the fixtures in `dir`.
 * @param dir Directory holding `conversations.json` and `metrics.json`.
 * @default dir the bundled `fixtures/amigo` directory ({@link BUNDLED_FIXTURES_DIR})
 */
export function loadFixtures(dir: string = BUNDLED_FIXTURES_DIR): Fixtures {
  const { conversations } = readJson(dir, 'conversations.json', conversationsFileSchema)
  const { metrics, users } = readJson(dir, 'metrics.json', metricsFileSchema)
  const interactions = conversations.flatMap((c) => c.interactions)
  assertUnique(
    {
      'conversation ID': conversations.map((c) => c.id),
      'interaction ID': interactions.map((i) => i.id),
      'message ID': interactions.flatMap((i) => i.messages.map((m) => m.id)),
      'metric ID': metrics.map((m) => m.id),
      'metric name': metrics.map((m) => m.name),
    },
    dir,
  )
  return { conversations, metrics, users }
}
