/** Suggestions for a name that matched nothing: "did you mean ...". */

/** Edit distance between two strings (insertions, deletions, substitutions), case-insensitive. */
function editDistance(a: string, b: string): number {
  const left = a.toLowerCase()
  const right = b.toLowerCase()
  let previous = Array.from({ length: right.length + 1 }, (_, index) => index)
  for (let i = 1; i <= left.length; i++) {
    const current = [i]
    for (let j = 1; j <= right.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (left[i - 1] === right[j - 1] ? 0 : 1)
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution))
    }
    previous = current
  }
  return previous[right.length] ?? 0
}

/**
 * Up to `limit` candidates close to `wanted`, closest first: the same letters in another case, one containing
 * the other, or within a few edits (a quarter of the length, at least 2).
 */
export function closeMatches(wanted: string, candidates: readonly string[], limit = 3): string[] {
  const needle = wanted.toLowerCase()
  const budget = Math.max(2, Math.floor(wanted.length / 4))
  return [...new Set(candidates)]
    .map((candidate) => {
      const hay = candidate.toLowerCase()
      const contains = hay.includes(needle) || needle.includes(hay)
      return { candidate, distance: contains ? 0 : editDistance(wanted, candidate) }
    })
    .filter(({ distance }) => distance <= budget)
    .sort((a, b) => a.distance - b.distance || a.candidate.localeCompare(b.candidate))
    .slice(0, limit)
    .map(({ candidate }) => candidate)
}
