// dcmjs-dimse, loaded once and silenced: it and the dcmjs copy it bundles log through loglevel,
// and their warnings quote attribute values (patient names, birth dates). No patient data in logs.
import { createRequire } from 'node:module';
import type * as Dimse from 'dcmjs-dimse';

type DimseLib = typeof Dimse;
let lib: DimseLib | null = null;

export function dimseLibrary(): DimseLib {
  if (lib) return lib;
  const require = createRequire(import.meta.url);
  const loaded = require('dcmjs-dimse') as DimseLib;
  loaded.log.setLevel('silent');
  for (const from of [require.resolve('dcmjs-dimse'), import.meta.url]) {
    try {
      const dcmjs = createRequire(from)('dcmjs') as { log?: { setLevel(level: string): void } };
      dcmjs.log?.setLevel('silent');
    } catch {
      // no separate copy of dcmjs there
    }
  }
  lib = loaded;
  return loaded;
}
