/**
 * One HTTP attempt, with a timeout and the caller's abort signal, over Node's own `fetch` (undici inside
 * Node, loaded on first use and far quicker to load than the undici package: a warm test run signs in and
 * looks definitions up once, and pays that load). A `dispatcher` given in the client's options (an undici
 * `Agent`, `ProxyAgent`, `MockAgent`) carries the request; else undici's global dispatcher, which the
 * undici package's `setGlobalDispatcher` sets for Node's `fetch` too.
 */
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
    const requestInit: RequestInit = {
      method: init.method,
      headers: init.headers,
      body: init.body ?? null,
      signal: controller.signal,
      redirect: 'manual',
      // The same interface under the types of Node's bundled undici (`undici-types`) and of the package.
      ...(options.dispatcher
        ? { dispatcher: options.dispatcher as unknown as NonNullable<RequestInit['dispatcher']> }
        : {}),
    }
    const response = await fetch(url, requestInit)
    const body = await response.text()
    return { status: response.status, headers: new Map(response.headers), body }
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

/** The reason of a failed attempt; `fetch` wraps it (`TypeError: fetch failed`) in `cause`. */
function describeCause(error: unknown): string {
  if (!(error instanceof Error)) return String(error)
  if (error instanceof TypeError && error.cause instanceof Error) return describeCause(error.cause)
  const code = (error as { code?: unknown }).code
  return typeof code === 'string' ? `${error.message} (${code})` : error.message
}
