#!/usr/bin/env node
// The CLI lives in bindings/cli/ and is compiled to dist/ by `npm run build`.
import { run } from "../dist/cli/main.js";

process.exitCode = await run(process.argv.slice(2));
