// A user folder with two small seeded models (one untrained, one whose card claims training) and a
// folder of studies the tests draw and write themselves.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { getTf } from '../../../src-main/engine/model/tf-backend';
import { chestPhantom, writeDicom } from '../../fixtures/write-dicom';
import { writeTextAsImage } from '../../engine/inference/support/bad-files';
import { writeGrayPng } from '../../engine/inference/support/draw-png';
import { saveSmallModel } from '../../engine/inference/support/small-resnet';

export interface CliFixtures {
  dir: string;
  home: string;
  folder: string;
  png: string;
  dcm: string;
  text: string;
  trainedDir: string;
}

export async function makeCliFixtures(): Promise<CliFixtures> {
  const dir = await mkdtemp(join(tmpdir(), 'alveo-cli-'));
  const home = join(dir, 'home');
  const folder = join(dir, 'studies');
  await mkdir(join(folder, 'sub'), { recursive: true });
  const tf = await getTf('wasm');
  const noBuiltIns = join(dir, 'no-builtins');
  await saveSmallModel(tf, { builtInDir: noBuiltIns, userDir: home, id: 'small-a', seed: 1 });
  const trained = await saveSmallModel(tf, { builtInDir: noBuiltIns, userDir: home, id: 'small-t', seed: 2, trained: true, threshold: 0.4 });
  const png = join(folder, 'a.png');
  await writeGrayPng(png, 120, 100, [{ top: 30, left: 20, height: 50, width: 40, value: 220 }], 30);
  const dcm = join(folder, 'b.dcm');
  await writeDicom(dcm, { rows: 80, columns: 64, bitsAllocated: 16, bitsStored: 12, pixels: chestPhantom(80, 64, 100, 3000) });
  const text = await writeTextAsImage(join(folder, 'c.jpg'));
  await writeGrayPng(join(folder, 'sub', 'd.png'), 64, 64, [{ top: 0, left: 0, height: 32, width: 32, value: 255 }]);
  return { dir, home, folder, png, dcm, text, trainedDir: trained.dir };
}

/** For a CLI test file: the fixtures made before its tests and removed after them, with the
 * environment that points the CLI at their user folder. Read `fx` and `env` inside tests. */
export function useCliFixtures(): { readonly fx: CliFixtures; readonly env: Record<string, string> } {
  let fx: CliFixtures | null = null;
  before(async () => {
    fx = await makeCliFixtures();
  });
  after(() => (fx ? rm(fx.dir, { recursive: true, force: true }) : undefined));
  const made = (): CliFixtures => {
    if (!fx) throw new Error('the CLI fixtures are made in before(): read them inside a test');
    return fx;
  };
  return {
    get fx() {
      return made();
    },
    get env() {
      return { ALVEO_HOME: made().home };
    },
  };
}
