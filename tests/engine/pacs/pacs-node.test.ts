// Node strings, date ranges and multipart bodies: the parsing every PACS call starts from.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AlveoError } from '../../../src-main/api/errors';
import { boundaryOf, multipartDicom, parseMultipart } from '../../../src-main/engine/pacs/multipart-related';
import { checkAeTitle, describeNode, parsePacsNode, sameNodeName } from '../../../src-main/engine/pacs/pacs-node';
import { dicomDateRange, parseDateRange } from '../../../src-main/engine/pacs/study-query';

test('AET@host:port is a DIMSE node; the calling AE defaults to ALVEO', () => {
  assert.deepEqual(parsePacsNode('ORTHANC@pacs.local:4242'), { kind: 'dimse', calledAe: 'ORTHANC', host: 'pacs.local', port: 4242, callingAe: 'ALVEO', timeoutMs: 30000 });
  const n = parsePacsNode('PACS@[::1]:104', { callingAe: 'WS1', timeoutMs: 5000 });
  assert.equal(n.kind === 'dimse' && n.host, '::1');
  assert.equal(n.kind === 'dimse' && n.callingAe, 'WS1');
  for (const bad of ['ORTHANC@host', 'host:104', 'TOOLONGAETITLE_XYZ@h:1', 'A@h:70000', 'A\\B@h:1']) {
    assert.throws(() => parsePacsNode(bad), (e: unknown) => e instanceof AlveoError && e.code === 'BAD_ARGUMENT', bad);
  }
  assert.throws(() => parsePacsNode('A@h:1', { callingAe: '' }), /calling AE title/);
});

// Review 41 F1/F9: an AE title is DICOM's default repertoire only (PS3.5 Table 6.2-1). A kanji crashed
// dcmjs-dimse (and with it the host); an umlaut went out as a Latin-1 byte no PACS would match.
test('AE titles: printable ASCII without backslash, 1-16 characters, not all spaces; anything else refused naming the value', () => {
  for (const ok of ['ORTHANC', 'A', 'PACS-1_x.y z', '0123456789ABCDEF', '!"#$%&\'()*+,-./', ':;<=>?@[]^_`{|}~']) assert.equal(checkAeTitle(ok, 'called AE title'), ok, ok);
  assert.equal(checkAeTitle('  WS1  ', 'calling AE title'), 'WS1', 'leading and trailing spaces are padding');
  const refused: [string, RegExp][] = [
    ['東京PACS', /^called AE title '東京PACS' is not a valid AE title: '東' \(U\+6771\) is not allowed \(up to 16 ASCII letters, digits, spaces and punctuation other than backslash/],
    ['MÜNCHEN', /'MÜNCHEN' is not a valid AE title: 'Ü' \(U\+00DC\) is not allowed/],
    ['TÖKYO-CR', /'Ö' \(U\+00D6\) is not allowed/],
    ['홍길동', /'홍' \(U\+D64D\) is not allowed/],
    ['A\\B', /'\\' is not allowed/],
    ['A\tB', /U\+0009 is not allowed/],
    ['A\u0085B', /U\+0085 is not allowed/],
    ['PACS\u00a0', /'\u00a0' \(U\+00A0\) is not allowed/],
    ['   ', /it is empty or all spaces/],
    ['', /it is empty or all spaces/],
    ['ABCDEFGHIJKLMNOPQ', /it has 17 characters/],
  ];
  for (const [ae, message] of refused) {
    assert.throws(() => checkAeTitle(ae, 'called AE title'), (e: unknown) => e instanceof AlveoError && e.code === 'BAD_ARGUMENT' && message.test(e.message), JSON.stringify(ae));
  }
  // Both places a node takes one: the called AE in its address, the calling AE beside it.
  assert.throws(() => parsePacsNode('東京PACS@127.0.0.1:104'), /called AE title '東京PACS' is not a valid AE title: '東' \(U\+6771\) is not allowed/);
  assert.throws(() => parsePacsNode('MÜNCHEN@127.0.0.1:104'), /called AE title 'MÜNCHEN' is not a valid AE title/);
  assert.throws(() => parsePacsNode('ORTHANC@127.0.0.1:104', { callingAe: '東京' }), /calling AE title '東京' is not a valid AE title: '東' \(U\+6771\) is not allowed/);
  assert.throws(() => parsePacsNode('ORTHANC@127.0.0.1:104', { callingAe: 'TÖKYO-CR' }), /calling AE title 'TÖKYO-CR'/);
});

// Review 41 F12: "München" typed (NFC) and pasted from a macOS file name (NFD) is one name.
test('node names are the same name in any Unicode form and letter case', () => {
  const nfc = 'Radiologie M\u00fcnchen';
  const nfd = 'Radiologie Mu\u0308nchen';
  assert.notEqual(nfc, nfd);
  assert.ok(sameNodeName(nfc, nfd));
  assert.ok(sameNodeName(` ${nfd.toUpperCase()} `, nfc));
  assert.ok(!sameNodeName(nfc, 'Radiologie Munchen'));
});

test('a DICOMweb URL keeps its credentials out of its description', () => {
  const n = parsePacsNode('https://user:p%40ss@pacs.example.org/dicom-web/');
  assert.equal(n.kind, 'dicomweb');
  assert.equal(describeNode(n), 'https://pacs.example.org/dicom-web');
  assert.equal(n.kind === 'dicomweb' && n.username, 'user');
  assert.equal(n.kind === 'dicomweb' && n.password, 'p@ss');
  assert.ok(!describeNode(n).includes('p@ss'));
  const o = parsePacsNode('http://h:8042/dicom-web', { username: 'u', password: 'x', rejectUnauthorized: false });
  assert.equal(o.kind === 'dicomweb' && o.rejectUnauthorized, false);
});

test('a node the user named is described by its name and its address; named by its address, the address once', () => {
  assert.equal(describeNode({ ...parsePacsNode('DEAD@127.0.0.1:9'), name: 'Dead node' }), 'Dead node (DEAD@127.0.0.1:9)');
  assert.equal(describeNode({ ...parsePacsNode('https://u:pw@pacs.example.org/dicom-web'), name: 'Main' }), 'Main (https://pacs.example.org/dicom-web)');
  assert.equal(describeNode({ ...parsePacsNode('DEAD@127.0.0.1:9'), name: 'DEAD@127.0.0.1:9' }), 'DEAD@127.0.0.1:9');
});

test('date ranges: a day, both ends, open ends; bad text refused', () => {
  assert.deepEqual(parseDateRange('20240101'), { dateFrom: '20240101', dateTo: '20240101' });
  assert.deepEqual(parseDateRange('20240101-20240131'), { dateFrom: '20240101', dateTo: '20240131' });
  assert.deepEqual(parseDateRange('20240101-'), { dateFrom: '20240101' });
  assert.deepEqual(parseDateRange('-20240131'), { dateTo: '20240131' });
  assert.equal(dicomDateRange({ dateFrom: '20240101', dateTo: '20240131' }), '20240101-20240131');
  assert.equal(dicomDateRange({ dateTo: '20240131' }), '-20240131');
  assert.equal(dicomDateRange({ dateFrom: '20240101', dateTo: '20240101' }), '20240101');
  for (const bad of ['2024-01-01', 'yesterday', '-', '']) assert.throws(() => parseDateRange(bad), /not a date range/, bad);
});

test('multipart/related: what is written parses back byte for byte, CRLFs inside parts included', () => {
  const files = [Buffer.from('DICM\r\n--not-a-boundary\r\n\r\nbinary\x00\xff'), Buffer.alloc(0), Buffer.from([0x0d, 0x0a, 0x2d, 0x2d])];
  const { contentType, body } = multipartDicom(files);
  const boundary = boundaryOf(contentType);
  assert.ok(boundary);
  const parts = parseMultipart(body, boundary);
  assert.equal(parts.length, 3);
  parts.forEach((p, i) => {
    assert.equal(p.headers['content-type'], 'application/dicom');
    assert.deepEqual(p.body, files[i]);
  });
  assert.equal(boundaryOf('multipart/related; type="application/dicom"; boundary="abc def"'), 'abc def');
});
