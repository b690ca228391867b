/**
 * Terminal styling: colours (picocolors) when the output is a terminal, plain text when it is not or
 * when `NO_COLOR` is set; and the width to wrap text to.
 */
import picocolors from 'picocolors'

export type Colors = ReturnType<typeof picocolors.createColors>

/** Width used when the output is not a terminal (files, pipes, CI logs), in columns. */
export const DEFAULT_WIDTH = 100
/** Narrowest width wrapped text is given, so deep indentation stays readable, in columns. */
const MIN_WIDTH = 40

export interface TerminalStyle {
  readonly colors: Colors
  /** Columns to wrap to. */
  readonly width: number
}

interface OutputStream {
  readonly isTTY?: boolean | undefined
  readonly columns?: number | undefined
}

/** Whether to colour output written to `stream`: `NO_COLOR` wins, then `FORCE_COLOR`, then "is a TTY". */
export function colorEnabled(stream: OutputStream, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined) return false
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0'
  return stream.isTTY === true
}

/** The style for output written to `stream`. */
export function terminalStyle(stream: OutputStream, env: NodeJS.ProcessEnv = process.env): TerminalStyle {
  const columns = stream.isTTY === true && stream.columns ? stream.columns : DEFAULT_WIDTH
  return { colors: picocolors.createColors(colorEnabled(stream, env)), width: Math.max(MIN_WIDTH, columns) }
}

/** Plain style, for tests and files. */
export const plainStyle = (width: number = DEFAULT_WIDTH): TerminalStyle => ({
  colors: picocolors.createColors(false),
  width,
})

/**
 * Wraps text to `width` columns, every line starting with `indent`; words longer than a line are cut.
 * Line breaks in the text are kept.
 */
export function wrapText(text: string, width: number, indent: string): string[] {
  const room = Math.max(MIN_WIDTH / 2, width - indent.length)
  const lines: string[] = []
  for (const paragraph of text.split(/\r?\n/)) {
    let line = ''
    for (let word of paragraph.split(/\s+/).filter(Boolean)) {
      while (word.length > room) {
        if (line) lines.push(line)
        lines.push(word.slice(0, room))
        word = word.slice(room)
        line = ''
      }
      if (!line) line = word
      else if (line.length + 1 + word.length <= room) line += ` ${word}`
      else {
        lines.push(line)
        line = word
      }
    }
    lines.push(line)
  }
  return lines.map((line) => (line ? indent + line : line))
}
