/** One HTTP attempt over undici, with a timeout and the caller's abort signal. */
import { type Dispatcher, request } from 'undici'
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
    const response = await request(url, {
      method: init.method,
      headers: init.headers,
      body: init.body ?? null,
      signal: controller.signal,
      ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
    })
    const body = await response.body.text()
    return { status: response.statusCode, headers: flattenHeaders(response.headers), body }
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

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Map<string, string> {
  const flat = new Map<string, string>()
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat.set(name.toLowerCase(), Array.isArray(value) ? value.join(', ') : value)
  }
  return flat
}

function describeCause(error: unknown): string {
  if (!(error instanceof Error)) return String(error)
  const code = (error as { code?: unknown }).code
  return typeof code === 'string' ? `${error.message} (${code})` : error.message
}
