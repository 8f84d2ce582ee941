// Inputs for the worklist and model manager flows: a folder of real studies from ../shared/data
// (copied into the test's scratch folder, never into the repo) with corrupt files mixed in, a DICOM
// carrying patient identifiers, and seeded models (a "shipped" built-in and user models).
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { ModelEntry } from '../../../src-main/api/contract';
import type { ModelCard } from '../../../src-main/api/model-card';
import type { Engine } from '../../../src-main/engine/index';
import { ModelStore, writeModelFolder } from '../../../src-main/engine/model/model-store';
import { buildResNet18 } from '../../../src-main/engine/model/resnet18';
import type { Tf } from '../../../src-main/engine/model/tf-backend';
import { testCard } from '../../engine/inference/support/test-card';
import { chestPhantom, writeDicom } from '../../fixtures/write-dicom';
import { sharedFile } from './shared-data';

export const REAL_STUDIES = [
  'kermany-orig/val/NORMAL/NORMAL2-IM-1427-0001.jpeg',
  'kermany-orig/val/NORMAL/NORMAL2-IM-1430-0001.jpeg',
  'kermany-orig/val/NORMAL/NORMAL2-IM-1431-0001.jpeg',
  'kermany-orig/val/PNEUMONIA/person1946_bacteria_4874.jpeg',
  'kermany-orig/val/PNEUMONIA/person1947_bacteria_4876.jpeg',
  'kermany-orig/val/PNEUMONIA/person1949_bacteria_4880.jpeg',
  'dicom/small/dx12_mono1_512_explicitLE.dcm',
  'dicom/small/cr8_mono2_512_jpeg_baseline.dcm',
];

export const PATIENT = { name: 'TESTPATIENT^ALPHA', id: 'ID-4242' };

export interface StudyFolder {
  folder: string;
  /** Files that must score. */
  good: string[];
  /** Files written broken on purpose: exactly these must show errors. */
  corrupt: string[];
  /** The DICOM carrying PATIENT's name and ID. */
  identified: string;
}

/** Null when the shared data is absent. Layout: top level + one sub-folder (for the recursive option). */
export async function makeStudyFolder(root: string): Promise<StudyFolder | null> {
  const sources = REAL_STUDIES.map((r) => sharedFile(r));
  if (sources.some((s) => !s)) return null;
  const folder = join(root, 'studies');
  const sub = join(folder, 'ward-b');
  await mkdir(sub, { recursive: true });
  const good: string[] = [];
  for (const [i, src] of (sources as string[]).entries()) {
    const dest = join(i % 3 === 2 ? sub : folder, basename(src));
    await copyFile(src, dest);
    good.push(dest);
  }
  const identified = await writeDicom(join(sub, 'identified-patient.dcm'), {
    rows: 256,
    columns: 256,
    bitsAllocated: 16,
    bitsStored: 12,
    pixels: chestPhantom(256, 256, 300, 3600),
    window: { center: 1900, width: 3600 },
    attributes: {
      PatientName: PATIENT.name,
      PatientID: PATIENT.id,
      PatientBirthDate: '20200101',
      PatientAge: '004Y',
      PatientSex: 'F',
      Modality: 'DX',
      BodyPartExamined: 'CHEST',
      ViewPosition: 'PA',
      StudyDate: '20240315',
      AccessionNumber: 'ACC-77',
    },
  });
  good.push(identified);
  // A DICOM cut off after its header, and a text file pretending to be a JPEG.
  const truncated = join(folder, 'truncated.dcm');
  await writeFile(truncated, (await readFile(sources[6] as string)).subarray(0, 1500));
  const fakeJpeg = join(sub, 'not-really.jpg');
  await writeFile(fakeJpeg, 'This is a referral letter, not an image.\n');
  return { folder, good, corrupt: [truncated, fakeJpeg], identified };
}

/** Children's ages and frontal views, as the shipped card states them: a model with them is made active without a caution for its population. */
export const CHILD_POPULATION: NonNullable<ModelCard['population']> = { ageYears: [1, 5], views: ['PA', 'AP'], description: 'Frontal chest radiographs of children aged 1 to 5 (test)' };

export function seededCard(id: string, opts: { name: string; seed: number; parent?: string | null; inputSize?: number; population?: ModelCard['population'] }): ModelCard {
  const inputSize = opts.inputSize ?? 64;
  return testCard({
    id,
    inputSize,
    name: opts.name,
    trained: true,
    threshold: { value: 0.5, rule: 'test: fixed 0.5 (seeded weights, not a real model)' },
    trainingData: { description: `none: seeded random weights (seed ${opts.seed}), for tests`, images: 0, patients: 0 },
    parent: opts.parent ?? null,
    ...(opts.population ? { population: opts.population } : {}),
    metrics: {
      validation: {
        n: 100,
        accuracy: 0.5,
        sensitivity: 0.5,
        specificity: 0.5,
        precision: 0.5,
        f1: 0.5,
        auc: 0.5 + opts.seed / 100,
        confusion: { tp: 25, fp: 25, tn: 25, fn: 25 },
      },
    },
  });
}

/** Writes a seeded model straight into a built-in models folder (as a shipped model would be). */
export async function writeBuiltInModel(tf: Tf, builtInDir: string, id: string, name: string, seed: number, population?: ModelCard['population']): Promise<void> {
  const model = buildResNet18(tf, { inputSize: 64, seed });
  try {
    await writeModelFolder(tf, model, seededCard(id, { name, seed, population }), join(builtInDir, id));
  } finally {
    model.dispose();
  }
}

/** Saves a seeded model into the user's models through the ModelStore. */
export async function saveUserModel(
  engine: Engine,
  dirs: { builtInDir: string; userDir: string },
  id: string,
  opts: { name: string; seed: number; parent?: string | null; population?: ModelCard['population'] },
): Promise<ModelEntry> {
  const tf = await engine.tf();
  const model = buildResNet18(tf, { inputSize: 64, seed: opts.seed });
  try {
    return await new ModelStore(dirs).saveModel(tf, model, seededCard(id, opts));
  } finally {
    model.dispose();
  }
}
