// Alveo against a real PACS: Debian's Orthanc with its DICOMweb plugin, started here on free
// loopback ports with a temporary storage folder. Store, find, retrieve (pixels md5-identical),
// predict --dicom-out, send the results over DIMSE and STOW-RS and read the SR back; then the bad
// cases: unreachable nodes, a wrong AE title, a wrong password, an unknown study and a retrieve
// cancelled half-way (nothing left behind).
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { inspectDicom } from '../../../src-main/engine/studies/inspect-dicom';
import { personName as formatName } from '../../../src-main/api/person-name';
import { qidoQuery } from '../../../src-main/engine/pacs/dicomweb-client';
import { openPacsClient } from '../../../src-main/engine/pacs/open-pacs-client';
import { PacsError } from '../../../src-main/engine/pacs/pacs-error';
import { parsePacsNode } from '../../../src-main/engine/pacs/pacs-node';
import { retrieveStudy } from '../../../src-main/engine/pacs/retrieve-study';
import { chestPhantom, writeDicom } from '../../fixtures/write-dicom';
import { runCli } from '../../cli/support/run-cli';
import { DICOM_NATIVE, DICOM_SMALL, REPO_ROOT, skipUnless } from '../inference/support/shared-data';
import { dciodvfyErrors, dicomToolsMissing, dsrdump } from './support/dicom-tools';
import { freePort, orthancMissing, startOrthanc, type Orthanc } from './support/orthanc';

const skip = orthancMissing();
let pacs: Orthanc;
let movePort: number;
let dir: string;
let dimse: string;
let web: string;
const CORE_STUDY = '1.2.826.0.1.3680043.2.1125.55.1';
const coreFiles: string[] = [];

before(async () => {
  if (skip) return;
  dir = await mkdtemp(join(tmpdir(), 'alveo-pacs-test-'));
  movePort = await freePort();
  pacs = await startOrthanc({ moveDestinations: { ALVEOMOVE: movePort } });
  dimse = pacs.dimse;
  web = pacs.dicomWeb.replace('http://', `http://${pacs.user}:${pacs.password}@`);
  // Three instances of one study, written here: the core runs without ../shared/data.
  for (let i = 1; i <= 3; i++) {
    coreFiles.push(
      await writeDicom(join(dir, `core-${i}.dcm`), {
        rows: 96,
        columns: 80 + i * 8,
        pixels: chestPhantom(96, 80 + i * 8, 50 * i, 3000),
        bitsStored: 12,
        attributes: {
          PatientID: 'CORE-PAT',
          PatientName: 'Core^Test',
          StudyDate: '20250102',
          StudyInstanceUID: CORE_STUDY,
          SeriesInstanceUID: `${CORE_STUDY}.1`,
          SOPInstanceUID: `${CORE_STUDY}.1.${i}`,
          Modality: 'DX',
          ViewPosition: 'PA',
        },
      }),
    );
  }
});
after(async () => {
  if (skip) return;
  await pacs?.stop();
  await rm(dir, { recursive: true, force: true });
});

const md5 = async (file: string) => (await inspectDicom(file)).pixelMd5;
const lines = (s: string) => s.trimEnd().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
const isPacsError = (failure: string, pattern: RegExp) => (err: unknown) => {
  assert.ok(err instanceof PacsError, String(err));
  assert.equal(err.failure, failure, err.message);
  assert.match(err.message, pattern);
  return true;
};

test('core: echo, store over DIMSE, find over DIMSE and DICOMweb, get back over both with identical pixels', { skip }, async () => {
  for (const server of [dimse, web]) {
    const r = await runCli(['pacs', 'echo', '--server', server], {});
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /OK \(\d+ ms\)/);
    assert.ok(!r.stdout.includes(pacs.password), 'no password in the output');
  }
  const sent = await runCli(['pacs', 'send', '--server', dimse, ...coreFiles, '--json'], {});
  assert.equal(sent.code, 0, sent.stderr);
  assert.deepEqual(lines(sent.stdout).map((l) => l.ok), [true, true, true]);

  for (const server of [dimse, web]) {
    const r = await runCli(['pacs', 'find', '--server', server, '--patient-id', 'CORE-PAT', '--json'], {});
    assert.equal(r.code, 0, r.stderr);
    const found = lines(r.stdout);
    assert.equal(found.length, 1, r.stdout);
    assert.deepEqual(Object.keys(found[0]), ['studyInstanceUid', 'patientId', 'patientName', 'studyDate', 'modalities', 'description', 'instances']);
    assert.equal(found[0].studyInstanceUid, CORE_STUDY);
    assert.equal(found[0].patientName, 'Core^Test');
    assert.equal(found[0].studyDate, '20250102');
    assert.deepEqual(found[0].modalities, ['DX']);
    assert.equal(found[0].instances, 3);
    const none = await runCli(['pacs', 'find', '--server', server, '--patient-id', 'CORE-PAT', '--modality', 'CT,MR', '--json'], {});
    assert.equal(lines(none.stdout).length, 0, 'a modality the study lacks matches nothing');
    const dated = await runCli(['pacs', 'find', '--server', server, '--date', '20250101-20250103', '--json'], {});
    assert.ok(lines(dated.stdout).some((s) => s.studyInstanceUid === CORE_STUDY), 'found by date range');
  }

  for (const [name, server] of [['dimse', dimse], ['web', web]]) {
    const out = join(dir, `core-get-${name}`);
    const r = await runCli(['pacs', 'get', '--server', server, CORE_STUDY, '--out', out], {});
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual((await readdir(out)).sort(), [1, 2, 3].map((i) => `${CORE_STUDY}.1.${i}.dcm`));
    for (let i = 1; i <= 3; i++) assert.equal(await md5(join(out, `${CORE_STUDY}.1.${i}.dcm`)), await md5(coreFiles[i - 1]), `${name}: instance ${i}`);
  }
});

test('core: C-MOVE to a port Alveo opens for the retrieve: identical pixels; an AE the PACS does not know is refused in plain words', { skip }, async () => {
  const out = join(dir, 'core-move');
  const r = await runCli(['pacs', 'get', '--server', dimse, '--calling-ae', 'ALVEOMOVE', '--move-port', String(movePort), CORE_STUDY, '--out', out], {});
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual((await readdir(out)).sort(), [1, 2, 3].map((i) => `${CORE_STUDY}.1.${i}.dcm`));
  for (let i = 1; i <= 3; i++) assert.equal(await md5(join(out, `${CORE_STUDY}.1.${i}.dcm`)), await md5(coreFiles[i - 1]));
  const unknownOut = join(dir, 'core-move-unknown');
  const client = openPacsClient(parsePacsNode(dimse, { callingAe: 'NOTKNOWN', movePort: await freePort() }));
  await assert.rejects(retrieveStudy(client, CORE_STUDY, unknownOut), (err: unknown) => {
    assert.ok(err instanceof PacsError);
    assert.match(err.message, /NOTKNOWN/);
    // The node is named once, even though its name holds a colon (AE@host:port).
    assert.equal(err.message.split(`PACS ${err.node}: `).length, 2, err.message);
    return true;
  });
  assert.equal(existsSync(unknownOut), false, 'nothing left, not even the folder the retrieve made');
});

test('core: a retrieve cancelled half-way leaves nothing in the folder (DIMSE and DICOMweb)', { skip }, async () => {
  for (const server of [dimse, web]) {
    const client = openPacsClient(parsePacsNode(server));
    const out = join(dir, `cancel-${client.node.kind}`);
    const abort = new AbortController();
    let seen = 0;
    await assert.rejects(
      retrieveStudy(client, CORE_STUDY, out, {
        signal: abort.signal,
        progress: (p) => {
          seen = p.done;
          if (p.done >= 1) abort.abort();
        },
      }),
      isPacsError('cancelled', /cancel/),
    );
    assert.ok(seen >= 1, 'it was cancelled after an instance had arrived');
    assert.equal(existsSync(out), false, `${server.replace(/\/\/.*@/, '//')}: no file, no staging folder, not even the folder the retrieve made`);
  }
});

test('bad input: unreachable nodes, a wrong AE title, a wrong password and an unknown study, in plain words naming the node', { skip }, async () => {
  const closed = await freePort();
  await assert.rejects(openPacsClient(parsePacsNode(`ORTHANC@127.0.0.1:${closed}`, { timeoutMs: 5000 })).echo(), isPacsError('unreachable', new RegExp(`ORTHANC@127\\.0\\.0\\.1:${closed}: unreachable`)));
  await assert.rejects(openPacsClient(parsePacsNode(`http://127.0.0.1:${closed}/dicom-web`, { timeoutMs: 5000 })).echo(), isPacsError('unreachable', /unreachable: nothing accepts connections/));
  await assert.rejects(openPacsClient(parsePacsNode(`WRONGAE@127.0.0.1:${pacs.dicomPort}`)).echo(), isPacsError('unknown-ae', /does not know the called AE title 'WRONGAE'/));
  // The PACS's web port given as a DICOM address (a common slip): said in those words, not "Unknown PDU type: 72".
  await assert.rejects(openPacsClient(parsePacsNode(`ORTHANC@127.0.0.1:${pacs.httpPort}`, { timeoutMs: 5000 })).echo(), isPacsError('protocol', /answered with HTTP, not DICOM: is it the PACS's web port\?/));
  await assert.rejects(
    openPacsClient(parsePacsNode(pacs.dicomWeb, { username: pacs.user, password: 'wrong' })).echo(),
    isPacsError('auth', /authentication failed \(HTTP 401\)/),
  );
  for (const server of [dimse, web]) {
    const out = join(dir, `unknown-${server.length}`);
    await assert.rejects(retrieveStudy(openPacsClient(parsePacsNode(server)), '1.2.3.4.5.6.7', out), isPacsError('not-found', /study 1\.2\.3\.4\.5\.6\.7 not found/));
    assert.equal(existsSync(out), false);
  }
  // The CLI says the same, with exit code 1, and never prints the password.
  const r = await runCli(['pacs', 'get', '--server', web, '1.2.3.4.5.6.7', '--out', join(dir, 'cli-unknown')], {});
  assert.equal(r.code, 1);
  assert.match(r.stderr, /not found/);
  assert.ok(!r.stderr.includes(pacs.password));
  const usage = await runCli(['pacs', 'echo', '--server', 'not-a-node'], {});
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /AET@host:port/);
});

test('a DICOMweb URL with the wrong path fails echo, search and retrieve with the 404 named; the right one passes and an empty search is []', { skip }, async () => {
  const wrongUrl = pacs.dicomWeb.replace(/\/dicom-web$/, '/not-dicom-web');
  const auth = { username: pacs.user, password: pacs.password };
  const endpoint = new RegExp(`^PACS ${wrongUrl}: not a DICOMweb endpoint: HTTP 404 for ${wrongUrl}/studies — check the path \\(Orthanc: http://host:8042/dicom-web\\)$`);
  const wrong = openPacsClient(parsePacsNode(wrongUrl, auth));
  await assert.rejects(wrong.echo(), isPacsError('protocol', endpoint));
  await assert.rejects(wrong.findStudies({ patientId: 'CORE-PAT' }), isPacsError('protocol', endpoint));
  // A retrieve there is not "study not found": the path is what is wrong.
  const out = join(dir, 'wrong-path-get');
  await assert.rejects(retrieveStudy(wrong, CORE_STUDY, out), isPacsError('protocol', endpoint));

  const right = openPacsClient(parsePacsNode(pacs.dicomWeb, auth));
  await right.echo();
  assert.deepEqual(await right.findStudies({ patientId: 'NOBODY-HAS-THIS-ID' }), [], 'no match is an empty list, not an error');
  await assert.rejects(retrieveStudy(right, '1.2.3.4.5.6.7.8', join(dir, 'right-path-unknown')), isPacsError('not-found', /study 1\.2\.3\.4\.5\.6\.7\.8 not found/));

  // The CLI: exit 1 and the same words for the wrong path, never "OK"; exit 0 for the right one.
  const cliWrong = await runCli(['pacs', 'echo', '--server', web.replace(/\/dicom-web$/, '/not-dicom-web')], {});
  assert.equal(cliWrong.code, 1, cliWrong.stdout);
  assert.equal(cliWrong.stdout, '');
  assert.match(cliWrong.stderr, new RegExp(`alveo pacs echo: PACS ${wrongUrl}: not a DICOMweb endpoint: HTTP 404 for ${wrongUrl}/studies — check the path`));
  assert.ok(!cliWrong.stderr.includes(pacs.password), 'no password in the error');
  const cliRight = await runCli(['pacs', 'echo', '--server', web], {});
  assert.equal(cliRight.code, 0, cliRight.stderr);
  assert.match(cliRight.stdout, new RegExp(`^${pacs.dicomWeb}: OK \\(\\d+ ms\\)\\n$`));
});

const SHARED = [
  ...['966_fixed_dx_chest_j2k_lossless.dcm', 'CR-MONO1-10-chest_nometa_implicitLE.dcm', 'Fake_MONOHR1_cr_chest_jpeg_baseline_mono1.dcm', 'RG1_J2KI_cr_chest_j2k_lossy.dcm', 'RG1_JLSN_cr_chest_jpegls_nearlossless.dcm', 'JPEG2KLossless_1s_1f_u_16_16_dx_chest.dcm'].map((f) => join(DICOM_NATIVE, f)),
  ...['dx12_mono1_512_rle.dcm', 'dx16_mono2_512_jpeg_lossless_sv1.dcm'].map((f) => join(DICOM_SMALL, f)),
];

test('real DICOMs: store, find, get back over DIMSE and DICOMweb with md5-identical pixels; predict --dicom-out; results sent over DIMSE and STOW-RS; the SR read back', { skip: skip || skipUnless(DICOM_SMALL) || dicomToolsMissing() }, async () => {
  const client = openPacsClient(parsePacsNode(dimse));
  const stored = await client.store(SHARED);
  assert.deepEqual(stored.filter((s) => !s.ok), [], 'every shared file stored');
  const bySop = new Map(stored.map((s) => [s.sopInstanceUid, s.file]));
  const studies = await openPacsClient(parsePacsNode(web)).findStudies({});
  const web2 = openPacsClient(parsePacsNode(web));
  const seen = new Set<string>();
  for (const study of studies.filter((s) => s.studyInstanceUid !== CORE_STUDY)) {
    for (const c of [client, web2]) {
      const out = join(dir, 'real', c.node.kind, study.studyInstanceUid);
      const got = await retrieveStudy(c, study.studyInstanceUid, out);
      for (const f of got.files) {
        const sop = f.slice(out.length + 1, -4);
        const source = bySop.get(sop);
        if (!source) continue; // an instance of the same study stored by another file
        assert.equal(await md5(f), await md5(source), `${c.node.kind}: ${source}`);
        seen.add(`${c.node.kind}|${source}`);
      }
    }
  }
  for (const f of SHARED) for (const kind of ['dimse', 'dicomweb']) assert.ok(seen.has(`${kind}|${f}`), `${kind}: ${f} came back`);

  // Predict on what came back, write the results as DICOM, send them: SRs over DIMSE, captures over STOW-RS.
  const retrieved = join(dir, 'real', 'dicomweb');
  const inputs = (await readdir(retrieved, { recursive: true })).filter((f) => f.endsWith('.dcm')).slice(0, 3).map((f) => join(retrieved, f));
  const results = join(dir, 'results');
  const p = await runCli(['predict', ...inputs, '--json', '--dicom-out', results], {});
  assert.equal(p.code, 0, p.stderr);
  const written = lines(p.stdout).map((l) => l.dicom as { sr: string; sc: string });
  assert.equal(written.length, inputs.length);
  const overDimse = await runCli(['pacs', 'send', '--server', dimse, ...written.map((w) => w.sr), '--json'], {});
  assert.equal(overDimse.code, 0, overDimse.stderr);
  const overStow = await runCli(['pacs', 'send', '--server', web, ...written.map((w) => w.sc), '--json'], {});
  assert.equal(overStow.code, 0, overStow.stderr);
  assert.ok(lines(overStow.stdout).every((l) => l.ok === true));

  // Read the SR back from Orthanc (WADO-RS) and check it with dsrdump and dciodvfy.
  const studyUid = (await web2.findStudies({ modalities: ['SR'] }))[0]?.studyInstanceUid;
  assert.ok(studyUid, 'a study now lists SR among its modalities');
  const back = join(dir, 'back');
  const got = await retrieveStudy(web2, studyUid, back);
  const srFiles = got.files.filter((f) => written.some((w) => w.sr.endsWith(f.slice(back.length + 1).replace(/^/, 'SR_'))));
  assert.ok(srFiles.length >= 1, `the SR came back (${got.files.length} files)`);
  const sr = await dsrdump(srFiles[0]);
  assert.match(sr, /\(233604007,SCT,"Pneumonia"\)/);
  // Over DIMSE the SR is re-encoded (dcmjs): DS "85.20" may come back as "85.2"; text must survive intact.
  assert.match(sr, /Model score \(not a probability of disease\)"\)="\d+(\.\d+)?" \(%,UCUM,"percent"\)/);
  const card = JSON.parse(await readFile(join(REPO_ROOT, 'models', 'default', 'card.json'), 'utf8')) as { name: string };
  assert.ok(sr.includes(`(111001,DCM,"Algorithm Name")="${card.name}"`), 'non-ASCII text in the content tree survives the trip (the card name has an em dash)');
  assert.deepEqual(await dciodvfyErrors(srFiles[0]), []);
  // And over C-GET: the SR's content tree keeps its non-ASCII text there too.
  const overGet = join(dir, 'back-dimse');
  const viaDimse = await retrieveStudy(client, studyUid, overGet);
  const srViaDimse = viaDimse.files.find((f) => f.endsWith(srFiles[0].slice(back.length)));
  assert.ok(srViaDimse, 'the SR came back over C-GET');
  assert.ok((await dsrdump(srViaDimse)).includes(`(111001,DCM,"Algorithm Name")="${card.name}"`));
});

test('DICOMweb finds what DIMSE finds: a name search with ^ and *, and every group of a person name (an empty alphabetic group too)', { skip }, async () => {
  // Orthanc 1.10's DICOMweb plugin matches query text undecoded: DOE%5EJANE* found nothing there.
  const people = [
    { name: 'DOE^JANE^Marie^^', id: 'PN-DOE', shown: 'DOE, JANE Marie' },
    { name: '=HYPERLINK("http://x")^Evil', id: 'PN-IDEO', shown: 'HYPERLINK("http://x"), Evil' },
    { name: 'Yamada^Tarou=YAMADA^TAROU', id: 'PN-TWO', shown: 'Yamada, Tarou = YAMADA, TAROU' },
  ];
  const files: string[] = [];
  for (const [i, p] of people.entries()) {
    const uid = `1.2.826.0.1.3680043.2.1125.56.${i + 1}`;
    files.push(
      await writeDicom(join(dir, `pn-${i}.dcm`), {
        rows: 32,
        columns: 32,
        pixels: chestPhantom(32, 32, 0, 1000),
        bitsStored: 12,
        attributes: { PatientID: p.id, PatientName: p.name, StudyDate: '20250103', StudyInstanceUID: uid, SeriesInstanceUID: `${uid}.1`, SOPInstanceUID: `${uid}.1.1`, Modality: 'CR' },
      }),
    );
  }
  assert.ok((await openPacsClient(parsePacsNode(dimse)).store(files)).every((s) => s.ok));
  for (const server of [dimse, web]) {
    const client = openPacsClient(parsePacsNode(server));
    const byName = await client.findStudies({ patientName: 'DOE^JANE*' });
    assert.deepEqual(byName.map((s) => s.patientId), ['PN-DOE'], `${client.node.kind}: DOE^JANE*`);
    for (const p of people) {
      const [found] = await client.findStudies({ patientId: p.id });
      assert.equal(found?.patientName, p.name, `${client.node.kind}: the whole PN of ${p.id}`);
      assert.equal(formatName(found.patientName), p.shown, `${client.node.kind}: ${p.id} as the PACS list shows it`);
    }
  }
});

test("a patient ID with '+': DIMSE finds it; over DICOMweb it is sent as %2B (Orthanc 1.10 then finds nothing: its bug, the app hints at DIMSE)", { skip }, async () => {
  const uid = '1.2.826.0.1.3680043.2.1125.57.1';
  const file = await writeDicom(join(dir, 'plus.dcm'), {
    rows: 32,
    columns: 32,
    pixels: chestPhantom(32, 32, 0, 1000),
    bitsStored: 12,
    attributes: { PatientID: '-2+3', PatientName: 'PLUS^ID', StudyInstanceUID: uid, SeriesInstanceUID: `${uid}.1`, SOPInstanceUID: `${uid}.1.1`, Modality: 'CR' },
  });
  assert.ok((await openPacsClient(parsePacsNode(dimse)).store([file])).every((s) => s.ok));
  assert.deepEqual((await openPacsClient(parsePacsNode(dimse)).findStudies({ patientId: '-2+3' })).map((s) => s.studyInstanceUid), [uid]);
  // A bare '+' would be a space to a server that decodes queries as forms: it stays %2B.
  assert.equal(qidoQuery([['PatientID', '-2+3'], ['PatientName', 'DOE^JANE*,X Y']]), 'PatientID=-2%2B3&PatientName=DOE^JANE*,X%20Y');
});
