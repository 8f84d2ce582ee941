// node --import this: any attempt to load tsx or a .ts file fails, so a run that passes with it
// ran compiled JavaScript only.
import { register } from 'node:module';

const hooks = `export async function resolve(specifier, context, next) {
  if (/(^|[\\\\/])tsx([\\\\/]|$)/.test(specifier) || /\\.[cm]?ts$/.test(specifier)) throw new Error('TypeScript loaded at run time: ' + specifier);
  return next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);
