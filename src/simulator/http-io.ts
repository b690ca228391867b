/**
 * Reading request bodies and writing JSON answers on node:http.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { validationError } from './http-error.js'

/** The request body as text ('' when there is none). */
export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

/** The parsed JSON body, `undefined` for an empty one, FastAPI's 422 for invalid JSON. */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') return undefined
  try {
    return JSON.parse(text)
  } catch (error) {
    throw validationError([
      { loc: ['body', 0], msg: `JSON decode error: ${(error as Error).message}`, type: 'json_invalid' },
    ])
  }
}

/** Sends `text` as an `application/json` answer (text, so faults can send broken JSON). */
export function sendText(
  res: ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string>,
): void {
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(text)),
  })
  res.end(text)
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string>,
): void {
  sendText(res, status, JSON.stringify(body), headers)
}
