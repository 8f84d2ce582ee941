#!/usr/bin/env node
// `npm run web`: runs the built web host (out/node, plain JavaScript), building it first when it is
// missing or older than its sources (a checkout). The renderer is built by the host itself.
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { ensureNodeBuild } from './build-node.mjs';

await import(pathToFileURL(join(await ensureNodeBuild(), 'alveo-web.js')).href);
