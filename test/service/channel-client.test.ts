/**
 * The workers' small HTTP/1.1 client, against real servers on loopback: a `node:http` server like the
 * service's, and raw `node:net` servers that answer wrongly or hang up.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server } from 'node:http'
import { type AddressInfo, createServer as createNetServer, type Server as NetServer } from 'node:net'
import { afterEach, describe, expect, test } from 'vitest'
import { ChannelClient } from '../../src/service/channel-client.js'

const closers: Array<() => void> = []
afterEach(() => {
  for (const close of closers.splice(0)) close()
})

interface Received {
  readonly method: string | undefined
  readonly url: string | undefined
  readonly headers: IncomingMessage['headers']
  readonly body: string
  readonly connection: number
}

/** A `node:http` server that echoes what it received, numbering the connections it accepted. */
async function echoServer(): Promise<{
  url: string
  received: Received[]
  connections: () => number
  server: Server
}> {
  const received: Received[] = []
  let connections = 0
  const server = createHttpServer(async (request, response) => {
    const chunks: Buffer[] = []
    for await (const chunk of request) chunks.push(chunk as Buffer)
    const connection = (request.socket as { id?: number }).id ?? 0
    received.push({
      method: request.method,
      url: request.url,
      headers: request.headers,
      body: Buffer.concat(chunks).toString('utf8'),
      connection,
    })
    const text = JSON.stringify({ echo: Buffer.concat(chunks).toString('utf8'), connection })
    response.writeHead(request.url === '/missing' ? 404 : 200, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
    })
    response.end(text)
  })
  server.on('connection', (socket) => {
    connections += 1
    ;(socket as { id?: number }).id = connections
  })
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening))
  closers.push(() => {
    server.closeAllConnections()
    server.close()
  })
  const { port } = server.address() as AddressInfo
  return { url: `http://127.0.0.1:${port}`, received, connections: () => connections, server }
}

/** A raw TCP server that answers every connection with `reply` (then, unless `keepOpen`, hangs up). */
async function rawServer(reply: string, keepOpen = false): Promise<string> {
  const server: NetServer = createNetServer((socket) => {
    socket.once('data', () => (keepOpen ? socket.write(reply) : socket.end(reply)))
  })
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening))
  closers.push(() => server.close())
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

function client(url: string): ChannelClient {
  const made = new ChannelClient(url)
  closers.push(() => made.close())
  return made
}

describe('ChannelClient', () => {
  test('POSTs the body with its headers and a content-length, and reads the status and the body', async () => {
    const { url, received } = await echoServer()
    const body = JSON.stringify({ conversations: ['é', 'ü'] })
    const reply = await client(url).post(
      '/held',
      { 'x-secret': 's3', 'content-type': 'application/json' },
      body,
    )
    expect(reply.status).toBe(200)
    expect(JSON.parse(reply.body)).toMatchObject({ echo: body })
    expect(received).toHaveLength(1)
    expect(received[0]).toMatchObject({ method: 'POST', url: '/held', body })
    expect(received[0]?.headers).toMatchObject({
      'x-secret': 's3',
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(body)),
    })
  })

  test('passes a non-200 status on', async () => {
    const { url } = await echoServer()
    expect((await client(url).post('/missing', {}, '{}')).status).toBe(404)
  })

  test('keeps one connection for requests one after another, and opens more for requests in flight together', async () => {
    const { url, connections } = await echoServer()
    const channel = client(url)
    for (let i = 0; i < 5; i++) await channel.post('/stats', {}, `{"i":${i}}`)
    expect(connections()).toBe(1)
    const together = await Promise.all([1, 2, 3].map((i) => channel.post('/stats', {}, `{"i":${i}}`)))
    expect(together.map((reply) => JSON.parse(reply.body).echo)).toEqual(['{"i":1}', '{"i":2}', '{"i":3}'])
    expect(connections()).toBe(3)
  })

  test('replaces a kept-alive connection the server closed while it was idle', async () => {
    const { url, connections, server } = await echoServer()
    const channel = client(url)
    await channel.post('/stats', {}, '{}')
    server.closeIdleConnections()
    const reply = await channel.post('/stats', {}, '{"again":true}')
    expect(JSON.parse(reply.body).echo).toBe('{"again":true}')
    expect(connections()).toBe(2)
  })

  test('reads an answer that arrives in pieces', async () => {
    const body = JSON.stringify({ result: 'x'.repeat(200_000) })
    const url = await rawServer(`HTTP/1.1 200 OK\r\ncontent-length: ${body.length}\r\n\r\n${body}`)
    expect((await client(url).post('/held', {}, '{}')).body).toBe(body)
  })

  test('refuses an answer without a content-length, or one that is not HTTP', async () => {
    const noLength = await rawServer('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n\r\n{}', true)
    await expect(client(noLength).post('/stats', {}, '{}')).rejects.toThrow(
      'an answer without a valid content-length',
    )
    const notHttp = await rawServer('SSH-2.0-OpenSSH\r\n\r\n')
    await expect(client(notHttp).post('/stats', {}, '{}')).rejects.toThrow(/not an HTTP\/1\.1 answer/)
  })

  test('fails with the cause when the answer is cut off or nobody listens', async () => {
    const cut = await rawServer('HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n{"partial"')
    await expect(client(cut).post('/stats', {}, '{}')).rejects.toThrow('the connection closed mid-answer')
    const { url, server } = await echoServer()
    await new Promise((closed) => server.close(closed))
    await expect(client(url).post('/stats', {}, '{}')).rejects.toMatchObject({ code: 'ECONNREFUSED' })
  })

  test('accepts only http:// URLs', () => {
    expect(() => new ChannelClient('https://127.0.0.1:1')).toThrow(/must be http:\/\//)
  })
})
