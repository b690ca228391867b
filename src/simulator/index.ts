/**
 * `vitest-amigo/simulator`: a local Amigo metric API for offline use, demos and tests.
 */
export type {
  FixtureConversation,
  FixtureInteraction,
  FixtureMessage,
  FixtureMetric,
  Fixtures,
} from './fixtures.js'
export { BUNDLED_FIXTURES_DIR, loadFixtures } from './fixtures.js'
export type {
  Fault,
  FaultRule,
  Simulator,
  SimulatorCounters,
  SimulatorCredentials,
  SimulatorEndpoint,
  SimulatorOptions,
  SimulatorRequestRecord,
} from './options.js'
export { DEFAULT_RATE_LIMITS, SIMULATOR_ENDPOINTS } from './options.js'
export { startSimulator } from './start-simulator.js'
