/**
 * One HTTP attempt, with a timeout and the caller's abort signal.
 *
 * By default over `node:http` / `node:https` with Node's global agents (kept-alive connections): no more
 * code to load than Node has, which a warm test run notices (it signs in and looks definitions up once,
 * in the main process, while the workers wait). With a `dispatcher` in the client's options (an undici
 * `Agent`, `ProxyAgent`, `EnvHttpProxyAgent`, `MockAgent`), over Node's `fetch`, which that dispatcher
 * carries.
 */
import {
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type RequestOptions,
} from 'node:http'
import type { Dispatcher } from 'undici'
import { AbortedError, ConnectionError, TimeoutError } from './errors.js'

export type HttpMethod = 'GET' | 'POST' | 'DELETE'

export interface HttpResponse {
  status: number
  /** Lower-case header names; repeated headers joined with `, `. */
  headers: ReadonlyMap<string, string>
  body: string
}

export interface AttemptOptions {
  /** Endpoint label for errors, e.g. `POST /v1/{org}/metric/evaluate`. */
  endpoint: string
  timeoutMs: number
  signal?: AbortSignal | undefined
  dispatcher?: Dispatcher | undefined
  /** Applied to the cause's text quoted in a `ConnectionError` message. */
  redact: (text: string) => string
}

/**
 * Sends one request and reads the whole body. Never throws for an HTTP status; throws `AbortedError`
 * when `signal` aborts, `TimeoutError` when `timeoutMs` passes first, `ConnectionError` otherwise.
 */
export async function sendAttempt(
  url: URL,
  init: { method: HttpMethod; headers: Record<string, string>; body?: string | undefined },
  options: AttemptOptions,
): Promise<HttpResponse> {
  const controller = new AbortController()
  let timedOut = false
  const timer = setTimeout(() => {
    timedOut = true
    controller.abort()
  }, options.timeoutMs)
  // An arrow over `controller` (not `.bind`) so a long-lived caller signal keeps only this small closure alive.
  const onAbort = (): void => controller.abort()
  options.signal?.addEventListener('abort', onAbort, { once: true })
  try {
    const attempt = { ...init, signal: controller.signal }
    return options.dispatcher
      ? await sendThroughDispatcher(url, attempt, options.dispatcher)
      : await sendOverNodeHttp(url, attempt)
  } catch (error) {
    if (options.signal?.aborted)
      throw new AbortedError({ endpoint: options.endpoint, cause: options.signal.reason })
    if (timedOut) throw new TimeoutError({ endpoint: options.endpoint, timeoutMs: options.timeoutMs })
    throw new ConnectionError(
      `${options.endpoint}: no response from ${url.origin}: ${options.redact(describeCause(error))}`,
      {
        endpoint: options.endpoint,
        cause: error,
      },
    )
  } finally {
    clearTimeout(timer)
    options.signal?.removeEventListener('abort', onAbort)
  }
}

type Attempt = {
  method: HttpMethod
  headers: Record<string, string>
  body?: string | undefined
  signal: AbortSignal
}

async function sendOverNodeHttp(url: URL, attempt: Attempt): Promise<HttpResponse> {
  // node:https (and TLS) is loaded only for an https URL, as Amigo's API has (test/client/https.test.ts).
  const request = url.protocol === 'https:' ? (await import('node:https')).request : httpRequest
  const requestOptions: RequestOptions = {
    method: attempt.method,
    headers: attempt.headers,
    signal: attempt.signal,
  }
  return new Promise((answered, failed) => {
    const outgoing = request(url, requestOptions, (response: IncomingMessage) => {
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => chunks.push(chunk))
      // Also when the connection closes before the whole answer arrived (Node's "aborted" error).
      response.on('error', failed)
      response.on('end', () =>
        answered({
          status: response.statusCode ?? 0,
          headers: flattenHeaders(response.headers),
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      )
    })
    outgoing.on('error', failed)
    outgoing.end(attempt.body)
  })
}

async function sendThroughDispatcher(
  url: URL,
  attempt: Attempt,
  dispatcher: Dispatcher,
): Promise<HttpResponse> {
  const response = await fetch(url, {
    method: attempt.method,
    headers: attempt.headers,
    body: attempt.body ?? null,
    signal: attempt.signal,
    redirect: 'manual',
    // The same interface under the types of Node's bundled undici (`undici-types`) and of the package.
    dispatcher: dispatcher as unknown as NonNullable<RequestInit['dispatcher']>,
  })
  return { status: response.status, headers: new Map(response.headers), body: await response.text() }
}

function flattenHeaders(headers: IncomingHttpHeaders): Map<string, string> {
  const flat = new Map<string, string>()
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat.set(name, Array.isArray(value) ? value.join(', ') : value)
  }
  return flat
}

/** The reason of a failed attempt; `fetch` wraps it (`TypeError: fetch failed`) in `cause`. */
function describeCause(error: unknown): string {
  if (!(error instanceof Error)) return String(error)
  if (error instanceof TypeError && error.cause instanceof Error) return describeCause(error.cause)
  const code = (error as { code?: unknown }).code
  return typeof code === 'string' ? `${error.message} (${code})` : error.message
}
