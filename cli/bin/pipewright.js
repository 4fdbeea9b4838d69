#!/usr/bin/env node
// Entry shim: the CLI is bundled to dist/ by `pnpm build`.
import '../dist/pipewright.js';
