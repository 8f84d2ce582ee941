// PACS round trip on this machine against a local Orthanc (Debian's, started here on loopback):
// writing an SR + Grad-CAM Secondary Capture per image (median ms; prediction and Grad-CAM
// excluded: they are the inference bench's), then store / find / retrieve of the shared native
// chest DICOMs over DIMSE and DICOMweb (ms and MB/s).
// Run: node --import tsx bench/pacs.bench.ts [--runs N]
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEngine, sourceTreeDeps } from '../src-main/engine/index';
import { openPacsClient } from '../src-main/engine/pacs/open-pacs-client';
import { parsePacsNode } from '../src-main/engine/pacs/pacs-node';
import { retrieveStudy } from '../src-main/engine/pacs/retrieve-study';
import { resultFacts, writeDicomResults } from '../src-main/engine/pacs/write-dicom-results';
import { orthancMissing, startOrthanc } from '../tests/engine/pacs/support/orthanc';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const native = resolve(root, '../shared/data/dicom/native');
const args = process.argv.slice(2);
const runs = Number(args.includes('--runs') ? args[args.indexOf('--runs') + 1] : 5);
if (!existsSync(native)) {
  console.error(`no DICOMs at ${native} (../shared/data is absent?)`);
  process.exit(1);
}
const missing = orthancMissing();
if (missing) {
  console.error(missing);
  process.exit(1);
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const files = (await readdir(native)).filter((f) => f.endsWith('.dcm')).map((f) => join(native, f));
const bytes = (await Promise.all(files.map((f) => stat(f)))).reduce((a, s) => a + s.size, 0);
const dir = await mkdtemp(join(tmpdir(), 'alveo-pacs-bench-'));
console.log(`${cpus().length} CPUs; ${files.length} native chest DICOMs, ${(bytes / 2 ** 20).toFixed(1)} MB; ${runs} runs`);

const engine = createEngine(sourceTreeDeps({ userDir: join(dir, 'home') }));
const sizes = ['gdcm-CR-MONO1-10-chest_explicitLE.dcm', 'siim_nih_cr_chest_jpeg_baseline_8bit.dcm', '966_fixed_dx_chest_j2k_lossless.dcm'];
for (const name of sizes) {
  const { studyId, rows, columns } = await engine.openStudy(join(native, name));
  const p = await engine.predict(studyId);
  const cam = await engine.gradCam(studyId);
  const facts = await resultFacts(p, await engine.loadModel(), (await engine.runtime()).runtime.engine, 'bench');
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await writeDicomResults(engine.study(studyId), cam.heat, facts, join(dir, 'results'));
    ms.push(performance.now() - t0);
  }
  console.log(`SR + SC write, ${columns}x${rows}: median ${median(ms).toFixed(0)} ms`);
  await engine.closeStudy(studyId);
}
await engine.dispose();

const pacs = await startOrthanc();
try {
  const dimse = openPacsClient(parsePacsNode(pacs.dimse));
  const web = openPacsClient(parsePacsNode(pacs.dicomWeb, { username: pacs.user, password: pacs.password }));
  let t0 = performance.now();
  const stored = await dimse.store(files);
  let ms = performance.now() - t0;
  console.log(`C-STORE ${stored.filter((s) => s.ok).length}/${files.length} files: ${ms.toFixed(0)} ms, ${(bytes / 2 ** 20 / (ms / 1000)).toFixed(1)} MB/s`);
  t0 = performance.now();
  const studies = await web.findStudies({});
  console.log(`QIDO-RS find: ${studies.length} studies in ${(performance.now() - t0).toFixed(0)} ms`);
  t0 = performance.now();
  await dimse.findStudies({});
  console.log(`C-FIND: ${(performance.now() - t0).toFixed(0)} ms`);
  for (const [name, client] of [['C-GET', dimse], ['WADO-RS', web]] as const) {
    const times: number[] = [];
    let got = 0;
    for (let i = 0; i < runs; i++) {
      const out = join(dir, `${name}-${i}`);
      t0 = performance.now();
      for (const s of studies) got = (await retrieveStudy(client, s.studyInstanceUid, join(out, s.studyInstanceUid))).files.length;
      times.push(performance.now() - t0);
      await rm(out, { recursive: true, force: true });
    }
    void got;
    ms = median(times);
    console.log(`${name} all ${studies.length} studies: median ${ms.toFixed(0)} ms, ${(bytes / 2 ** 20 / (ms / 1000)).toFixed(1)} MB/s`);
  }
} finally {
  await pacs.stop();
  await rm(dir, { recursive: true, force: true });
}
