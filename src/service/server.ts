/**
 * The evaluation service's door for test workers: an HTTP server on 127.0.0.1 (port chosen by the system)
 * that answers only requests carrying the run's random secret. Malformed requests are refused with 400 and
 * a message saying what is wrong.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { z } from 'zod'
import type { EvaluatedMetric } from '../types.js'
import {
  type ChannelAnswer,
  type EvaluateAnswer,
  isRoute,
  MAX_BODY_BYTES,
  ROUTES,
  type Route,
  type RouteBody,
  SECRET_HEADER,
  SERVED_LOCALLY_HEADER,
} from './protocol.js'
import { routeSchemas } from './protocol-schemas.js'
import type { EvaluationBackend, VerdictSharing } from './types.js'

/** The service behind the server: a backend, and when it can, one that shares its verdicts with workers. */
export type ServedBackend = EvaluationBackend & Partial<VerdictSharing>

export interface EvaluationServerOptions {
  /**
   * Interface to listen on. Keep it on loopback: the secret is sent in clear text.
   * @default '127.0.0.1'
   */
  readonly host?: string | undefined
  /**
   * Port to listen on; `0` lets the system choose a free one.
   * @default 0
   */
  readonly port?: number | undefined
  /**
   * The run's secret that every request must carry; generate it, don't choose it.
   * @default 32 random bytes, base64url
   */
  readonly secret?: string | undefined
}

export interface EvaluationServer {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string
  /** The secret workers must send in the `x-vitest-amigo-secret` header. */
  readonly secret: string
  close(): Promise<void>
}

class ChannelError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
}

/** Starts the server; rejects with a clear message when it cannot listen (port taken, permissions). */
export async function startEvaluationServer(
  backend: ServedBackend,
  options: EvaluationServerOptions = {},
): Promise<EvaluationServer> {
  const host = options.host ?? '127.0.0.1'
  const secret = options.secret ?? randomBytes(32).toString('base64url')
  const secretDigest = digest(secret)
  const server = createServer((request, response) => {
    void answer(backend, secretDigest, request, response)
  })
  await listen(server, host, options.port ?? 0)
  const { port } = server.address() as AddressInfo
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    secret,
    close: () =>
      new Promise<void>((closed) => {
        server.close(() => closed())
        server.closeAllConnections()
      }),
  }
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((listening, failed) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      failed(
        new Error(
          `vitest-amigo: the evaluation service cannot listen on ${host}:${port} (${error.code ?? error.message}); ` +
            'the run cannot judge conversations without it.',
          { cause: error },
        ),
      ),
    )
    server.listen(port, host, () => listening())
  })
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest()
}

async function answer(
  backend: ServedBackend,
  secretDigest: Buffer,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  try {
    const route = checkRequest(request, secretDigest)
    countServedLocally(backend, request)
    const body = parseBody(route, await readBody(request))
    send(response, 200, { result: await call(backend, route, body) })
  } catch (error) {
    if (error instanceof ChannelError) send(response, error.status, { error: error.message })
    else
      send(response, 500, {
        error: `vitest-amigo: the evaluation service failed: ${(error as Error).message}`,
      })
  }
}

function checkRequest(request: IncomingMessage, secretDigest: Buffer): Route {
  const given = request.headers[SECRET_HEADER]
  if (typeof given !== 'string' || !timingSafeEqual(digest(given), secretDigest)) {
    throw new ChannelError(
      401,
      `vitest-amigo: missing or wrong ${SECRET_HEADER} header: only this run's workers may use the evaluation service`,
    )
  }
  if (request.method !== 'POST') throw new ChannelError(405, `vitest-amigo: use POST, not ${request.method}`)
  const path = request.url ?? ''
  if (!isRoute(path)) {
    throw new ChannelError(
      404,
      `vitest-amigo: unknown route ${JSON.stringify(path)}: expected one of ${ROUTES.join(', ')}`,
    )
  }
  return path
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > MAX_BODY_BYTES)
      throw new ChannelError(413, `vitest-amigo: request body larger than ${MAX_BODY_BYTES} bytes`)
    chunks.push(chunk)
  }
  return Buffer.concat(chunks).toString('utf8')
}

function parseBody<R extends Route>(route: R, text: string): RouteBody<R> {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    throw new ChannelError(
      400,
      `vitest-amigo: the body of ${route} is not valid JSON: ${(error as Error).message}`,
    )
  }
  const parsed = routeSchemas[route].safeParse(json)
  if (!parsed.success) {
    throw new ChannelError(
      400,
      `vitest-amigo: malformed body for ${route}:\n${z.prettifyError(parsed.error)}`,
    )
  }
  return parsed.data as RouteBody<R>
}

/** Passes on the count of asks the worker answered itself (from a request that carries the secret). */
function countServedLocally(backend: ServedBackend, request: IncomingMessage): void {
  const count = Number(request.headers[SERVED_LOCALLY_HEADER] ?? 0)
  if (Number.isSafeInteger(count) && count > 0) backend.countServedLocally?.(count)
}

/** `/evaluate`: the outcomes asked, and the verdicts the service holds for the location's other metrics. */
async function evaluate(backend: ServedBackend, body: RouteBody<'/evaluate'>): Promise<EvaluateAnswer> {
  const outcomes = await backend.evaluate(body)
  const held = (await backend.heldVerdicts?.(body.conversation, body.metrics)) ?? []
  return { outcomes, held }
}

/** `/held`: the verdicts the service holds at each conversation+interaction, in one list. */
async function held(backend: ServedBackend, body: RouteBody<'/held'>): Promise<EvaluatedMetric[]> {
  const { heldVerdicts } = backend
  if (!heldVerdicts) return []
  const verdicts = await Promise.all(
    body.conversations.map((conversation) => heldVerdicts.call(backend, conversation, [])),
  )
  return verdicts.flat()
}

function call(backend: ServedBackend, route: Route, body: unknown): Promise<unknown> {
  switch (route) {
    case '/describe': {
      const { metrics, conversation } = body as RouteBody<'/describe'>
      return backend.describe(metrics, conversation)
    }
    case '/evaluate':
      return evaluate(backend, body as RouteBody<'/evaluate'>)
    case '/prefetch': {
      const { conversation, metrics } = body as RouteBody<'/prefetch'>
      return backend.prefetch(conversation, metrics).then(() => null)
    }
    case '/held':
      return held(backend, body as RouteBody<'/held'>)
    case '/stats':
      return backend.stats()
  }
}

function send(response: ServerResponse, status: number, body: ChannelAnswer): void {
  const text = JSON.stringify(body)
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  })
  response.end(text)
}
