// dcmjs-dimse, loaded once and silenced: it and the dcmjs copy it bundles log through loglevel,
// and their warnings quote attribute values (patient names, birth dates). No patient data in logs.
import { createRequire } from 'node:module';
import dcmjsEsm from 'dcmjs';
import type * as Dimse from 'dcmjs-dimse';
import { quietDcmjs } from './dcmjs-quiet';

type DimseLib = typeof Dimse;
let lib: DimseLib | null = null;

export function dimseLibrary(): DimseLib {
  if (lib) return lib;
  const require = createRequire(import.meta.url);
  const loaded = require('dcmjs-dimse') as DimseLib;
  loaded.log.setLevel('silent');
  for (const from of [require.resolve('dcmjs-dimse'), import.meta.url]) {
    try {
      quietDcmjs(createRequire(from)('dcmjs') as Parameters<typeof quietDcmjs>[0]);
    } catch {
      // no separate copy of dcmjs there
    }
  }
  quietDcmjs(dcmjsEsm as unknown as Parameters<typeof quietDcmjs>[0]);
  lib = loaded;
  return loaded;
}
