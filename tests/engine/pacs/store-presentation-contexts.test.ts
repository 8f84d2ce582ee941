// What a PACS's answer to the association proposal means for each file sent (review 28 F7, F2).
// A dcmtk storescp that takes only CR, and CR only as Implicit VR Little Endian:
// - an SR it does not take is reported as such, naming the SOP class, not "did not answer";
// - a CR carrying private elements, in Explicit VR, is not sent: converting it would drop them
//   under the same SOP Instance UID;
// - a CR with nothing to lose is converted and stored;
// - a CR already in Implicit VR goes as it is: storescp (bit-preserving) holds the same data set bytes.
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { openPacsClient } from '../../../src-main/engine/pacs/open-pacs-client';
import { parsePacsNode } from '../../../src-main/engine/pacs/pacs-node';
import type { StoredFile } from '../../../src-main/engine/pacs/pacs-client';
import { chestPhantom, writeDicom, type DicomSpec } from '../../fixtures/write-dicom';
import { tempDir } from '../../support/temp-dir';
import { dataSetOf, md5 } from './support/pacs-files';
import { startStoreScp, storescpMissing, type StoreScp } from './support/storescp';

const skip = storescpMissing();
const STUDY = '1.2.826.0.1.3680043.2.1125.129.1';
const CR_IMPLICIT_ONLY = `
[[TransferSyntaxes]]
[ImplicitOnly]
TransferSyntax1 = LittleEndianImplicit

[[PresentationContexts]]
[CROnly]
PresentationContext1 = ComputedRadiographyImageStorage\\ImplicitOnly

[[Profiles]]
[Default]
PresentationContexts = CROnly
`;
const PRIVATE: DicomSpec['elements'] = [
  [0x00190010, 'LO', 'ACME MEDICAL 1.0'],
  [0x00191001, 'LO', 'processing curve 7'],
];
let scp: StoreScp;
let dir: string;
let results: StoredFile[];
const files: Record<string, string> = {};

function cr(n: number, extra: Partial<DicomSpec> = {}): DicomSpec {
  return {
    rows: 32,
    columns: 32,
    pixels: chestPhantom(32, 32, 100, 3000),
    bitsStored: 12,
    attributes: { PatientID: 'CTX-1', StudyInstanceUID: STUDY, SeriesInstanceUID: `${STUDY}.1`, SOPInstanceUID: `${STUDY}.1.${n}`, Modality: 'CR' },
    ...extra,
  };
}

before(async () => {
  if (skip) return;
  dir = await tempDir('alveo-store-contexts-');
  scp = await startStoreScp(dir, 'CRONLY', CR_IMPLICIT_ONLY);
  files.sr = await writeDicom(join(dir, 'sr.dcm'), {
    rows: 0,
    columns: 0,
    pixels: null,
    sopClassUid: '1.2.840.10008.5.1.4.1.1.88.33',
    attributes: { PatientID: 'CTX-1', StudyInstanceUID: STUDY, SeriesInstanceUID: `${STUDY}.9`, SOPInstanceUID: `${STUDY}.9.1`, Modality: 'SR' },
  });
  files.privateExplicit = await writeDicom(join(dir, 'private-explicit.dcm'), cr(1, { elements: PRIVATE }));
  files.plainExplicit = await writeDicom(join(dir, 'plain-explicit.dcm'), cr(2));
  files.privateImplicit = await writeDicom(join(dir, 'private-implicit.dcm'), cr(3, { elements: PRIVATE, encoding: 'implicit-nometa' }));
  results = await openPacsClient(parsePacsNode(scp.dimse)).store([files.sr, files.privateExplicit, files.plainExplicit, files.privateImplicit]);
});
after(async () => {
  if (!skip) await scp?.stop();
});

const result = (file: string) => results.find((r) => r.file === file) as StoredFile;

test('a SOP class the PACS does not take is named as such (presentation context rejected), not "did not answer"', { skip }, () => {
  const r = result(files.sr);
  assert.equal(r.ok, false);
  assert.match(r.error ?? '', /the PACS does not accept Comprehensive SR Storage \(1\.2\.840\.10008\.5\.1\.4\.1\.1\.88\.33\) \(presentation context rejected/, r.error);
  assert.doesNotMatch(r.error ?? '', /did not answer/);
});

test('a file the PACS takes only in another syntax is not sent when converting it would drop its private elements', { skip }, async () => {
  const r = result(files.privateExplicit);
  assert.equal(r.ok, false);
  assert.match(r.error ?? '', /not sent: the PACS takes Computed Radiography Image Storage .* only as Implicit VR Little Endian.*would drop 2 element\(s\) \(\(0019,0010\), \(0019,1001\)\)/, r.error);
  assert.ok(!(await readdir(scp.out)).some((f) => f.includes(`${STUDY}.1.1`)), 'nothing of it reached the PACS');
});

test('a file with nothing to lose is converted and stored', { skip }, () => {
  const r = result(files.plainExplicit);
  assert.ok(r.ok, r.error);
});

test('a file in the syntax the PACS takes goes as it is: the same data set bytes arrive', { skip }, async () => {
  const r = result(files.privateImplicit);
  assert.ok(r.ok, r.error);
  const received = (await readdir(scp.out)).find((f) => f.includes(`${STUDY}.1.3`));
  assert.ok(received, 'storescp wrote it');
  // The file has no meta header: all of it is the data set.
  assert.equal(md5(dataSetOf(await readFile(join(scp.out, received)))), md5(await readFile(files.privateImplicit)));
});
