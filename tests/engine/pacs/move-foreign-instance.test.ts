// A C-MOVE retrieve listens on a port anyone can reach: an instance of another study pushed there
// while the retrieve runs (storescu from anywhere, the default AE title) is refused, never written
// into the study's folder; the study's own instances all arrive. A real Orthanc on loopback and
// dcmtk's storescu; the push happens while the first instance is being kept, so it lands mid-retrieve.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, test } from 'node:test';
import { retrieveByMove } from '../../../src-main/engine/pacs/dimse-move';
import { openPacsClient } from '../../../src-main/engine/pacs/open-pacs-client';
import { parsePacsNode, type DimseNode } from '../../../src-main/engine/pacs/pacs-node';
import { chestPhantom, writeDicom } from '../../fixtures/write-dicom';
import { tempDir } from '../../support/temp-dir';
import { freePort, orthancMissing, startOrthanc, type Orthanc } from './support/orthanc';

const STORESCU = ['/usr/bin/storescu'].find((p) => existsSync(p));
const skip = orthancMissing() || (!STORESCU ? 'dcmtk storescu is not installed: test skipped' : false);
const STUDY = '1.2.826.0.1.3680043.2.1125.94.1';
const OTHER = '1.2.826.0.1.3680043.2.1125.94.9';
let pacs: Orthanc;
let movePort: number;
let dir: string;

before(async () => {
  if (skip) return;
  dir = await tempDir('alveo-move-foreign-');
  movePort = await freePort();
  pacs = await startOrthanc({ moveDestinations: { ALVEOMOVE: movePort } });
  const files = [];
  for (const i of [1, 2, 3]) {
    files.push(await writeDicom(join(dir, `own${i}.dcm`), { rows: 64, columns: 64, pixels: chestPhantom(64, 64, 50 * i, 3000), bitsStored: 12, attributes: { PatientID: 'OWN', StudyInstanceUID: STUDY, SeriesInstanceUID: `${STUDY}.1`, SOPInstanceUID: `${STUDY}.1.${i}`, Modality: 'CR' } }));
  }
  assert.ok((await openPacsClient(parsePacsNode(pacs.dimse)).store(files)).every((s) => s.ok));
  await writeDicom(join(dir, 'foreign.dcm'), { rows: 64, columns: 64, pixels: chestPhantom(64, 64, 10, 3000), bitsStored: 12, attributes: { PatientID: 'INJECTED', PatientName: 'Injected^Foreign', StudyInstanceUID: OTHER, SeriesInstanceUID: `${OTHER}.1`, SOPInstanceUID: `${OTHER}.1.1`, Modality: 'CR' } });
});
after(async () => {
  if (!skip) await pacs?.stop();
});

test('an instance of another study pushed to the C-MOVE port during a retrieve is refused; the study arrives whole', { skip }, async () => {
  const node = parsePacsNode(pacs.dimse, { callingAe: 'ALVEOMOVE', movePort }) as DimseNode;
  const kept: string[] = [];
  let pushed: { code: number; out: string } | null = null;
  await retrieveByMove(node, movePort, STUDY, async (instance) => {
    if (!pushed) {
      // Someone else's association to the same port, with the AE title Alveo listens as.
      pushed = await promisify(execFile)(STORESCU as string, ['-v', '-aet', 'ANYONE', '-aec', 'ALVEOMOVE', '127.0.0.1', String(movePort), join(dir, 'foreign.dcm')]).then(
        (r) => ({ code: 0, out: r.stdout + r.stderr }),
        (e: { code?: number; stdout?: string; stderr?: string }) => ({ code: e.code ?? 1, out: `${e.stdout ?? ''}${e.stderr ?? ''}` }),
      );
    }
    kept.push(instance.sopInstanceUid);
    await instance.writeTo(join(dir, `${instance.sopInstanceUid}.kept.dcm`));
  });
  assert.ok(pushed, 'the push was made during the retrieve');
  assert.deepEqual(kept.sort(), [1, 2, 3].map((i) => `${STUDY}.1.${i}`), 'the study, and only the study');
  assert.ok(!(await readdir(dir)).some((f) => f.startsWith(OTHER)), 'nothing of the other study written');
  assert.match((pushed as { out: string }).out, /Received Store Response \((Processing Failure|Unknown Status: 0x110)\)/, (pushed as { out: string }).out);
});
