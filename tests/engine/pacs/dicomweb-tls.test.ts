// DICOMweb over HTTPS: a real Orthanc behind a TLS-terminating proxy (as hospitals put DICOMweb
// behind nginx; Debian's Orthanc build resets its own TLS connections here) with a self-signed
// certificate made by the test. The certificate is checked by default (a plain TLS error naming
// the node), trusted when its CA is given (--ca), and skipped only when asked (--insecure).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request as httpRequest } from 'node:http';
import { createServer, type Server } from 'node:https';
import { after, before, test } from 'node:test';
import { openPacsClient } from '../../../src-main/engine/pacs/open-pacs-client';
import { PacsError } from '../../../src-main/engine/pacs/pacs-error';
import { parsePacsNode } from '../../../src-main/engine/pacs/pacs-node';
import { runCli } from '../../cli/support/run-cli';
import { orthancMissing, startOrthanc, type Orthanc } from './support/orthanc';

const skip = orthancMissing() || (existsSync('/usr/bin/openssl') ? false : 'openssl is not installed: the TLS test makes its certificate with it');
let pacs: Orthanc;
let dir: string;
let cert: string;
let proxy: Server;
let url: string;

before(async () => {
  if (skip) return;
  dir = await mkdtemp(join(tmpdir(), 'alveo-tls-'));
  const key = join(dir, 'key.pem');
  cert = join(dir, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert], { stdio: 'ignore' });
  pacs = await startOrthanc();
  const target = new URL(pacs.dicomWeb);
  proxy = createServer({ key: await readFile(key), cert: await readFile(cert) }, (req, res) => {
    const up = httpRequest({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  url = `https://127.0.0.1:${(proxy.address() as { port: number }).port}/dicom-web`;
});
after(async () => {
  if (skip) return;
  await new Promise((r) => proxy?.close(r));
  await pacs?.stop();
  await rm(dir, { recursive: true, force: true });
});

test('https: an untrusted certificate is refused in plain words; its CA, or --insecure, lets the call through', { skip }, async () => {
  const creds = { username: pacs.user, password: pacs.password };
  await assert.rejects(openPacsClient(parsePacsNode(url, creds)).echo(), (err: unknown) => {
    assert.ok(err instanceof PacsError);
    assert.equal(err.failure, 'tls');
    assert.match(err.message, /^PACS https:\/\/127\.0\.0\.1:\d+\/dicom-web: TLS failed: .*self-signed/);
    return true;
  });
  await openPacsClient(parsePacsNode(url, { ...creds, ca: await readFile(cert, 'utf8') })).echo();
  await openPacsClient(parsePacsNode(url, { ...creds, rejectUnauthorized: false })).echo();
  const env = { ALVEO_PACS_PASSWORD: pacs.password };
  const refused = await runCli(['pacs', 'echo', '--server', url, '--user', pacs.user], env);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /TLS failed/);
  const trusted = await runCli(['pacs', 'echo', '--server', url, '--user', pacs.user, '--ca', cert], env);
  assert.equal(trusted.code, 0, trusted.stderr);
  const insecure = await runCli(['pacs', 'find', '--server', url, '--user', pacs.user, '--insecure', '--json'], env);
  assert.equal(insecure.code, 0, insecure.stderr);
});
