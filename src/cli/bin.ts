#!/usr/bin/env node
/**
 * The `vitest-amigo` command (package `bin`).
 */
import { runCli } from './run-cli.js'

process.exitCode = await runCli(process.argv.slice(2))
