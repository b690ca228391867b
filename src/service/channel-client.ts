/**
 * The worker's side of the loopback channel to the run's evaluation service: HTTP/1.1 `POST`s over
 * kept-alive `node:net` connections. The service is this run's own `node:http` server (server.ts), which
 * answers every request with a `content-length`, so a small client does: `node:http` (its agent, client,
 * server and message modules) stays unloaded in test workers, each test file's fresh worker process being
 * one more time it would be loaded (see `npm run bench`, warm run against plain Vitest).
 */
import { connect, type Socket } from 'node:net'

export interface ChannelReply {
  readonly status: number
  readonly body: string
}

/** Where the head of an answer ends. */
const HEAD_END = Buffer.from('\r\n\r\n')

/** The connection ended before a whole answer arrived (`beforeAnswer`: before any of it). */
class ConnectionEndedError extends Error {
  /** The failed connection's error code (`ECONNRESET`...), or `ECONNRESET` when it just closed. */
  readonly code: string

  constructor(
    readonly beforeAnswer: boolean,
    cause?: Error | undefined,
  ) {
    super(beforeAnswer ? 'the connection closed before an answer' : 'the connection closed mid-answer', {
      cause,
    })
    const { code } = (cause ?? {}) as { code?: unknown }
    this.code = typeof code === 'string' ? code : 'ECONNRESET'
  }
}

interface AnswerHead {
  readonly status: number
  readonly length: number
  readonly keepAlive: boolean
}

/** The status and `content-length` of an answer's head; throws on a head that is not HTTP/1.x with a length. */
function parseHead(head: string): AnswerHead {
  const [statusLine = '', ...headerLines] = head.split('\r\n')
  const status = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1]
  if (status === undefined) throw new Error(`not an HTTP/1.1 answer: ${JSON.stringify(statusLine)}`)
  let length: number | undefined
  let keepAlive = statusLine.startsWith('HTTP/1.1')
  for (const line of headerLines) {
    const colon = line.indexOf(':')
    const name = line.slice(0, colon).trim().toLowerCase()
    const value = line.slice(colon + 1).trim()
    if (name === 'content-length') length = Number(value)
    else if (name === 'connection') keepAlive = value.toLowerCase() !== 'close'
  }
  if (length === undefined || !Number.isSafeInteger(length) || length < 0) {
    throw new Error('an answer without a valid content-length')
  }
  return { status: Number(status), length, keepAlive }
}

/** POSTs to one `http://host:port` over kept-alive connections, as many as requests in flight. */
export class ChannelClient {
  private readonly host: string
  private readonly port: number
  private readonly idle: Socket[] = []
  private readonly sockets = new Set<Socket>()

  /** @param url the service's URL, `http://127.0.0.1:43121` or `http://[::1]:43121`. */
  constructor(url: string) {
    const parsed = new URL(url)
    if (parsed.protocol !== 'http:')
      throw new Error(`the evaluation service's URL must be http://, got ${url}`)
    this.host = parsed.hostname.replace(/^\[(.*)\]$/, '$1')
    this.port = Number(parsed.port || 80)
  }

  /**
   * Sends `body` to `path` with `headers` and resolves with the answer. A kept-alive connection the service
   * closed meanwhile (it closes idle ones after a few seconds) is replaced by a new one, once.
   */
  async post(path: string, headers: Readonly<Record<string, string>>, body: string): Promise<ChannelReply> {
    const request = this.requestBytes(path, headers, body)
    const reused = this.idle.pop()
    if (reused !== undefined) {
      try {
        return await this.exchange(reused, request)
      } catch (error) {
        if (!(error instanceof ConnectionEndedError && error.beforeAnswer)) throw error
      }
    }
    return this.exchange(await this.connect(), request)
  }

  /** Closes every connection. */
  close(): void {
    for (const socket of this.sockets) socket.destroy()
    this.sockets.clear()
    this.idle.length = 0
  }

  private requestBytes(path: string, headers: Readonly<Record<string, string>>, body: string): Buffer {
    const bodyBytes = Buffer.from(body, 'utf8')
    const lines = [
      `POST ${path} HTTP/1.1`,
      `host: ${this.host.includes(':') ? `[${this.host}]` : this.host}:${this.port}`,
      'connection: keep-alive',
      `content-length: ${bodyBytes.length}`,
      ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
    ]
    return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), bodyBytes])
  }

  private connect(): Promise<Socket> {
    return new Promise((connected, failed) => {
      const socket = connect({ host: this.host, port: this.port, noDelay: true })
      socket.once('connect', () => {
        socket.off('error', failed)
        this.sockets.add(socket)
        // An idle connection that fails or closes is forgotten; a busy one reports it to its request.
        socket.on('error', () => undefined)
        socket.once('close', () => this.forget(socket))
        connected(socket)
      })
      socket.once('error', failed)
    })
  }

  private forget(socket: Socket): void {
    this.sockets.delete(socket)
    const index = this.idle.indexOf(socket)
    if (index !== -1) this.idle.splice(index, 1)
  }

  /** Writes one request on `socket` and reads its answer; the socket goes back to the idle ones after. */
  private exchange(socket: Socket, request: Buffer): Promise<ChannelReply> {
    socket.ref()
    return new Promise((answered, failed) => {
      let received: Buffer = Buffer.alloc(0)
      let head: AnswerHead | undefined
      let bodyStart = 0
      const finish = (outcome: () => void): void => {
        socket.off('data', onData)
        socket.off('close', onClose)
        socket.off('error', onError)
        outcome()
      }
      const onData = (chunk: Buffer): void => {
        received = received.length === 0 ? chunk : Buffer.concat([received, chunk])
        if (head === undefined) {
          const end = received.indexOf(HEAD_END)
          if (end === -1) return
          try {
            head = parseHead(received.subarray(0, end).toString('latin1'))
          } catch (error) {
            socket.destroy()
            finish(() => failed(error))
            return
          }
          bodyStart = end + HEAD_END.length
        }
        if (received.length - bodyStart < head.length) return
        const { status, length, keepAlive } = head
        const text = received.subarray(bodyStart, bodyStart + length).toString('utf8')
        finish(() => {
          if (keepAlive && received.length === bodyStart + length) {
            socket.unref()
            this.idle.push(socket)
          } else socket.destroy()
          answered({ status, body: text })
        })
      }
      const ended = (cause?: Error): void => {
        socket.destroy()
        finish(() => failed(new ConnectionEndedError(received.length === 0, cause)))
      }
      const onClose = (): void => ended()
      const onError = (error: Error): void => ended(error)
      socket.on('data', onData)
      socket.once('close', onClose)
      socket.once('error', onError)
      socket.write(request)
    })
  }
}
