// Calls one exported async function of a module and prints its result as JSON: the child-process
// half of runUnprivileged (unprivileged.ts), so a permission test runs the real code as nobody.
// usage: node --import tsx call-export.ts MODULE EXPORT [JSON-ARG...]
import { pathToFileURL } from 'node:url';

const [modulePath, name, ...jsonArgs] = process.argv.slice(2);
const args = jsonArgs.map((a) => JSON.parse(a) as unknown);
const mod = (await import(pathToFileURL(modulePath).href)) as Record<string, unknown>;
const fn = mod[name];
if (typeof fn !== 'function') throw new Error(`${modulePath} exports no function ${name}`);
process.stdout.write(JSON.stringify(await (fn as (...a: unknown[]) => Promise<unknown>)(...args)));
