#!/usr/bin/env node
// Entry shim: the project is TypeScript run through tsx, so there is no build step to forget.
import { register } from 'tsx/esm/api';

register();
await import('../adapters/cli/main.ts');
