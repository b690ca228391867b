import { once } from 'node:events'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { AmigoClient } from '../../../src/client/client.js'
import type { AmigoClientOptions } from '../../../src/client/config.js'

/** A request as the test server saw it. */
export interface RecordedRequest {
  method: string
  /** Path and query, exactly as sent. */
  url: string
  headers: IncomingMessage['headers']
  body: string
}

export type Handler = (request: RecordedRequest, response: ServerResponse) => void

export const TEST_CREDENTIALS = {
  apiKey: 'test-api-key-0123456789',
  apiKeyId: 'test-key-id-abcdef',
  userId: 'user-1',
  organization: 'acme',
} as const

export const TEST_TOKEN = 'test-bearer-token-zyxw'

export function sendJson(response: ServerResponse, status: number, body: unknown, headers = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers })
  response.end(JSON.stringify(body))
}

/** Answers the sign-in endpoint with `TEST_TOKEN` (valid for an hour); returns false for anything else. */
function answerSignIn(request: RecordedRequest, response: ServerResponse): boolean {
  if (!request.url.endsWith('/user/signin_with_api_key')) return false
  sendJson(response, 200, {
    id_token: TEST_TOKEN,
    expires_at: new Date(Date.now() + 3_600_000).toISOString(),
  })
  return true
}

/**
 * A bare node:http server on 127.0.0.1 port 0 for transport behaviours that need exact control (resets,
 * silence, exact headers). Records every request; sign-in is answered by `answerSignIn` unless the
 * handler is given sign-in requests too (`handleSignIn: true`).
 */
export async function startTestServer(handler: Handler, options: { handleSignIn?: boolean } = {}) {
  const requests: RecordedRequest[] = []
  const server = createServer((incoming, response) => {
    const chunks: Buffer[] = []
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk))
    incoming.on('end', () => {
      const request: RecordedRequest = {
        method: incoming.method ?? '',
        url: incoming.url ?? '',
        headers: incoming.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      }
      requests.push(request)
      if (!options.handleSignIn && answerSignIn(request, response)) return
      handler(request, response)
    })
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    url,
    requests,
    /** Requests other than sign-ins. */
    apiRequests: () => requests.filter((request) => !request.url.endsWith('/user/signin_with_api_key')),
    client: (options: AmigoClientOptions = {}) =>
      new AmigoClient({ ...TEST_CREDENTIALS, baseUrl: url, retryBaseDelayMs: 1, ...options }),
    close: async () => {
      server.closeAllConnections()
      server.close()
      await once(server, 'close')
    },
  }
}
