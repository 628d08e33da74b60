#!/usr/bin/env node
// The CLI lives in bindings/cli/; `npm run build` compiles it to dist/ and bundles it as dist/cli.js.
import { run } from "../dist/cli.js";

process.exitCode = await run(process.argv.slice(2));
