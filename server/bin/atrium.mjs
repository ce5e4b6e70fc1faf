#!/usr/bin/env node
// The `atrium` admin CLI as an installed bin: registers tsx so the TypeScript sources run as is.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
