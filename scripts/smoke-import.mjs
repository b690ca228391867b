// Imports every entry point of the built package the way a user's Node would (by package name, through
// the `exports` map), so a broken build or map fails here and not in a user's project.
const entries = ['vitest-amigo', 'vitest-amigo/plugin', 'vitest-amigo/reporter', 'vitest-amigo/simulator']
for (const entry of entries) {
  const module = await import(entry)
  if (Object.keys(module).length === 0) throw new Error(`${entry} exports nothing`)
  console.log(`ok ${entry}: ${Object.keys(module).sort().join(', ')}`)
}
