#!/usr/bin/env node
// `alveo` / `npx alveo`: runs the built CLI (out/node, plain JavaScript), building it first when it
// is missing or older than its sources (a checkout: the first run after a change takes a second).
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureNodeBuild } from './build-node.mjs';

await import(pathToFileURL(join(await ensureNodeBuild(), 'alveo.js')).href);
