// Module hook: `electron` resolves to the recording stub (for tests of the built bundles).
import { register } from 'node:module';
register(
  'data:text/javascript,' +
    encodeURIComponent(`export async function resolve(spec, ctx, next) {
      if (spec === 'electron') return { url: ${JSON.stringify(new URL('./electron-stub.mjs', import.meta.url).href)}, shortCircuit: true };
      return next(spec, ctx);
    }`),
);
