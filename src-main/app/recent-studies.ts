// Recently opened studies, kept in the user data folder (paths only; no patient data).
import { app } from 'electron';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PRIVATE_FILE_MODE, writeJsonAtomic } from '../engine/index';

const MAX = 12;

export class RecentStudies {
  private files: string[];
  private readonly path: string;

  constructor(userDir: string) {
    this.path = join(userDir, 'recent-studies.json');
    this.files = readList(this.path);
  }

  list(): string[] {
    return [...this.files];
  }

  async add(file: string): Promise<void> {
    this.files = [file, ...this.files.filter((f) => f !== file)].slice(0, MAX);
    app.addRecentDocument(file);
    await this.save();
  }

  async clear(): Promise<void> {
    this.files = [];
    app.clearRecentDocuments();
    await this.save();
  }

  private async save(): Promise<void> {
    // Paths of opened studies often name the patient: owner-only like the engine's other files.
    await writeJsonAtomic(this.path, this.files, { mode: PRIVATE_FILE_MODE });
  }
}

function readList(path: string): string[] {
  try {
    const v = JSON.parse(readFileSync(path, 'utf8')) as unknown;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string').slice(0, MAX) : [];
  } catch {
    return [];
  }
}
