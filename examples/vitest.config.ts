// The whole setup: the plugin registers the matchers, adds the reporter next to Vitest's own, runs one
// shared evaluation service with its cache for the run, and gives judged tests a fitting timeout.

import { defineConfig } from 'vitest/config'
import amigo from 'vitest-amigo/plugin'

export default defineConfig({
  plugins: [amigo()],
})
