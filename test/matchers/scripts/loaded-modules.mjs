// Prints, as JSON, the URLs of every module loaded by importing the given entries (paths relative to the
// cwd) in this fresh process. Run with `node --import tsx loaded-modules.mjs <entry>...`.
import { register } from 'node:module'
import { pathToFileURL } from 'node:url'

const loaded = new Set()
const { port1, port2 } = new MessageChannel()
port1.on('message', (url) => loaded.add(url))
const hooks = `
let port
export function initialize(data) { port = data.port }
export async function load(url, context, nextLoad) { port.postMessage(url); return nextLoad(url, context) }`
register(`data:text/javascript,${encodeURIComponent(hooks)}`, import.meta.url, {
  data: { port: port2 },
  transferList: [port2],
})
for (const entry of process.argv.slice(2)) await import(pathToFileURL(entry).href)
// The hooks run on another thread: give their last messages time to arrive.
await new Promise((settled) => setTimeout(settled, 100))
port1.close()
process.stdout.write(JSON.stringify([...loaded]))
