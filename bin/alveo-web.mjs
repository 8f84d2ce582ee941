#!/usr/bin/env node
// `npm run web`: runs the TypeScript web host directly through tsx (no build step besides the
// renderer, which the host builds itself when out/renderer is missing or stale).
import { register } from 'tsx/esm/api';
register();
await import('../src-main/hosts/web/main.ts');
