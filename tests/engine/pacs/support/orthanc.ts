// A real Orthanc PACS for the tests: Debian's binary with its DICOMweb plugin, on free loopback
// ports, a temporary storage folder, HTTP basic auth, called-AE checking; stopped (and its folder
// removed) by stop().
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ORTHANC_BIN = ['/usr/sbin/Orthanc', '/usr/bin/Orthanc'].find((p) => existsSync(p));
export const DICOMWEB_PLUGIN = ['/usr/share/orthanc/plugins/libOrthancDicomWeb.so', '/usr/lib/orthanc/libOrthancDicomWeb.so'].find((p) => existsSync(p));

/** A skip reason when Orthanc or its DICOMweb plugin is not installed. */
export function orthancMissing(): string | false {
  if (!ORTHANC_BIN) return 'Orthanc is not installed (apt-get install orthanc orthanc-dicomweb): PACS tests skipped';
  if (!DICOMWEB_PLUGIN) return 'the Orthanc DICOMweb plugin is not installed (apt-get install orthanc-dicomweb): PACS tests skipped';
  return false;
}

export interface Orthanc {
  aet: string;
  dicomPort: number;
  httpPort: number;
  user: string;
  password: string;
  /** e.g. ORTHANC@127.0.0.1:4242 */
  dimse: string;
  /** http://127.0.0.1:PORT/dicom-web (no credentials) */
  dicomWeb: string;
  /** Orthanc's own REST API, authenticated: GET path -> JSON. */
  rest(path: string): Promise<unknown>;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export interface OrthancOptions {
  /** Modalities the PACS may C-MOVE to: AE title -> port on 127.0.0.1. */
  moveDestinations?: Record<string, number>;
  /** More configuration, over the defaults (e.g. LimitFindInstances, to make it truncate lists). */
  config?: Record<string, unknown>;
}

/**
 * Test files run two at a time: a port found free can be taken by the other file's Orthanc before
 * this one binds it. Each start has a password of its own (so it never mistakes another Orthanc
 * for itself) and is tried again on other ports when it cannot bind.
 */
export async function startOrthanc(opts: OrthancOptions = {}): Promise<Orthanc> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOrthancOnce(opts);
    } catch (err) {
      if (attempt >= 3 || !(err instanceof OrthancStartError)) throw err;
    }
  }
}

class OrthancStartError extends Error {}

async function startOrthancOnce(opts: OrthancOptions): Promise<Orthanc> {
  if (!ORTHANC_BIN || !DICOMWEB_PLUGIN) throw new Error(String(orthancMissing()));
  const dir = await mkdtemp(join(tmpdir(), 'alveo-orthanc-'));
  const dicomPort = await freePort();
  const httpPort = await freePort();
  const aet = 'ORTHANC';
  const user = 'alveo';
  const password = `pacs-test-${randomBytes(6).toString('hex')}`;
  const config = {
    Name: 'AlveoTestPACS',
    StorageDirectory: join(dir, 'storage'),
    IndexDirectory: join(dir, 'storage'),
    DicomAet: aet,
    DicomPort: dicomPort,
    HttpPort: httpPort,
    RemoteAccessAllowed: false,
    AuthenticationEnabled: true,
    RegisteredUsers: { [user]: password },
    DicomCheckCalledAet: true,
    DicomAlwaysAllowEcho: true,
    DicomAlwaysAllowStore: true,
    DicomAlwaysAllowFind: true,
    DicomAlwaysAllowGet: true,
    DicomAlwaysAllowMove: true,
    DicomModalities: Object.fromEntries(Object.entries(opts.moveDestinations ?? {}).map(([ae, port]) => [ae.toLowerCase(), [ae, '127.0.0.1', port]])),
    UnknownSopClassAccepted: true,
    AcceptedTransferSyntaxes: ['1.2.840.10008.1.*'],
    Plugins: [DICOMWEB_PLUGIN],
    DicomWeb: { Enable: true, Root: '/dicom-web/', EnableWado: false, Ssl: false, StudiesMetadata: 'Full', SeriesMetadata: 'Full' },
    StableAge: 1,
    SaveJobs: false,
    HttpCompressionEnabled: false,
    ConcurrentJobs: 1,
    ...opts.config,
  };
  const configFile = join(dir, 'orthanc.json');
  await writeFile(configFile, JSON.stringify(config, null, 2));
  const child: ChildProcess = spawn(ORTHANC_BIN, [configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  const auth = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  const rest = async (path: string): Promise<unknown> => {
    const r = await fetch(`http://127.0.0.1:${httpPort}${path}`, { headers: { authorization: auth } });
    if (!r.ok) throw new Error(`Orthanc ${path}: HTTP ${r.status}`);
    return r.json();
  };
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((res) => child.once('exit', res));
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(t);
    }
    await rm(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 20000;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new OrthancStartError(`Orthanc exited at start (code ${child.exitCode}):\n${log.slice(-2000)}`);
    }
    try {
      await rest('/system');
      break;
    } catch {
      if (Date.now() > deadline) {
        await stop();
        throw new OrthancStartError(`Orthanc did not answer on port ${httpPort} within 20 s:\n${log.slice(-2000)}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    aet,
    dicomPort,
    httpPort,
    user,
    password,
    dimse: `${aet}@127.0.0.1:${dicomPort}`,
    dicomWeb: `http://127.0.0.1:${httpPort}/dicom-web`,
    rest,
    stop,
  };
}
