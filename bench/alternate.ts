/**
 * Runs of several kinds taken in rounds, so that they are compared under the same conditions: each round
 * runs every kind once, and every other round runs them in reverse order. No kind then always follows the
 * same other kind: what a run leaves behind (this process's clean-up after an in-process run, caches it
 * filled) weighs on all kinds alike instead of on one of them, and neighbours in the list stay neighbours
 * in time (for paired ratios).
 */

type RunKinds = Record<string, () => Promise<unknown>>

/** The results of each kind, in the order of the rounds. */
export type AlternatedResults<K extends RunKinds> = { [Name in keyof K]: Array<Awaited<ReturnType<K[Name]>>> }

/** Runs each of `kinds` once per round for `rounds` rounds: in the listed order, then in reverse, and so on. */
export async function alternate<K extends RunKinds>(rounds: number, kinds: K): Promise<AlternatedResults<K>> {
  const names: Array<keyof K> = Object.keys(kinds)
  const results = {} as AlternatedResults<K>
  for (const name of names) results[name] = []
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? names : [...names].reverse()
    for (const name of order) {
      const run = kinds[name] as K[typeof name]
      results[name].push((await run()) as Awaited<ReturnType<K[typeof name]>>)
    }
  }
  return results
}
