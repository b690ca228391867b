/**
 * Fault injection: rules that, per endpoint, delay a request or answer it with an error status, a
 * dropped connection, a malformed or a schema-breaking body. Repeatable: `skip` and `times` count
 * matching requests, and `probability` draws from a PRNG seeded per rule.
 */

import type { Fault, FaultRule, SimulatorEndpoint } from './options.js'
import { seededRandom } from './prng.js'

/** What to do with one request: wait `delayMs` first, then answer with `fault` if any. */
export interface FaultDecision {
  readonly delayMs: number
  readonly fault: Exclude<Fault, { kind: 'delay' }> | undefined
}

interface ActiveRule {
  readonly rule: FaultRule
  readonly random: () => number
  skipped: number
  applied: number
}

function describeRule(rule: FaultRule): string {
  return `fault rule ${JSON.stringify(rule)}`
}

function validateRule(rule: FaultRule): void {
  const { probability, times, skip, fault } = rule
  if (probability !== undefined && !(probability >= 0 && probability <= 1)) {
    throw new RangeError(`${describeRule(rule)}: probability must be between 0 and 1`)
  }
  for (const [name, value] of [
    ['times', times],
    ['skip', skip],
  ] as const) {
    if (value !== undefined && !(Number.isInteger(value) && value >= 0)) {
      throw new RangeError(`${describeRule(rule)}: ${name} must be a non-negative integer`)
    }
  }
  if (
    fault.kind === 'status' &&
    !(Number.isInteger(fault.status) && fault.status >= 100 && fault.status <= 599)
  ) {
    throw new RangeError(`${describeRule(rule)}: status must be an HTTP status code (100 to 599)`)
  }
  if (fault.kind === 'delay' && !(fault.ms >= 0)) {
    throw new RangeError(`${describeRule(rule)}: ms must be a non-negative number of milliseconds`)
  }
}

export class FaultInjector {
  readonly #seed: number
  #rules: ActiveRule[] = []
  #added = 0

  constructor(seed: number, rules: readonly FaultRule[] = []) {
    this.#seed = seed
    for (const rule of rules) this.add(rule)
  }

  add(rule: FaultRule): void {
    validateRule(rule)
    this.#added += 1
    this.#rules.push({ rule, random: seededRandom(this.#seed * 7919 + this.#added), skipped: 0, applied: 0 })
  }

  clear(): void {
    this.#rules = []
  }

  /** Decides the faults of one request to `endpoint`: every matching delay, then the first other fault. */
  decide(endpoint: SimulatorEndpoint): FaultDecision {
    let delayMs = 0
    let fault: FaultDecision['fault']
    for (const active of this.#rules) {
      if (!this.#applies(active, endpoint)) continue
      if (active.rule.fault.kind === 'delay') {
        delayMs += active.rule.fault.ms
        active.applied += 1
      } else if (fault === undefined) {
        fault = active.rule.fault
        active.applied += 1
      }
    }
    return { delayMs, fault }
  }

  #applies(active: ActiveRule, endpoint: SimulatorEndpoint): boolean {
    const { rule } = active
    if (rule.endpoint !== '*' && rule.endpoint !== endpoint) return false
    if (rule.times !== undefined && active.applied >= rule.times) return false
    if (active.skipped < (rule.skip ?? 0)) {
      active.skipped += 1
      return false
    }
    return rule.probability === undefined || active.random() < rule.probability
  }
}
