/**
 * Test helpers: a started simulator and plain `fetch` calls to it (not the client, so the simulator is
 * tested on its own over real HTTP).
 */
import { type Simulator, type SimulatorOptions, startSimulator } from '../../src/simulator/index.js'

export interface HttpAnswer {
  readonly status: number
  readonly headers: Headers
  /** Parsed JSON, or the raw text when it is not JSON. */
  readonly body: unknown
}

export interface CallOptions {
  readonly method?: string
  readonly query?: Record<string, string | readonly string[]>
  readonly body?: unknown
  readonly headers?: Record<string, string>
  /** Send without the bearer token. */
  readonly anonymous?: boolean
}

export interface SimulatorHarness {
  readonly simulator: Simulator
  /** Calls `path` under `/v1/{organization}` with a bearer token from one sign-in. */
  call(path: string, options?: CallOptions): Promise<HttpAnswer>
  signIn(headers?: Record<string, string>): Promise<HttpAnswer>
}

export async function answerOf(response: Response): Promise<HttpAnswer> {
  const text = await response.text()
  let body: unknown = text
  try {
    body = JSON.parse(text)
  } catch {}
  return { status: response.status, headers: response.headers, body }
}

function queryString(query: Record<string, string | readonly string[]> = {}): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    for (const v of typeof value === 'string' ? [value] : value) params.append(key, v)
  }
  const text = params.toString()
  return text === '' ? '' : `?${text}`
}

export async function startHarness(options: SimulatorOptions = {}): Promise<SimulatorHarness> {
  const simulator = await startSimulator(options)
  const base = `${simulator.url}/v1/${simulator.organization}`
  const signIn = async (headers?: Record<string, string>) =>
    answerOf(
      await fetch(`${base}/user/signin_with_api_key`, {
        method: 'POST',
        headers: headers ?? {
          'x-api-key': simulator.credentials.apiKey,
          'x-api-key-id': simulator.credentials.apiKeyId,
          'x-user-id': simulator.credentials.userId,
        },
      }),
    )
  let token: string | undefined
  return {
    simulator,
    signIn,
    async call(path, options = {}) {
      if (token === undefined && options.anonymous !== true) {
        token = ((await signIn()).body as { id_token: string }).id_token
      }
      const headers: Record<string, string> = { ...options.headers }
      if (options.anonymous !== true) headers.authorization = `Bearer ${token}`
      if (options.body !== undefined) headers['content-type'] = 'application/json'
      const response = await fetch(`${base}${path}${queryString(options.query)}`, {
        method: options.method ?? 'GET',
        headers,
        ...(options.body === undefined
          ? {}
          : { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) }),
      })
      return answerOf(response)
    },
  }
}

/** Limits high enough that a test file never hits them. */
export const NO_RATE_LIMITS: SimulatorOptions['rateLimits'] = {
  signin: 1000,
  'metrics.get': 1000,
  'metrics.search': 1000,
  'metrics.evaluate': 1000,
  'metrics.create': 1000,
  'metrics.update': 1000,
  'metrics.delete': 1000,
}
