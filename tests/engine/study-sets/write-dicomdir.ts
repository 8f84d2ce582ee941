// Writes a DICOMDIR for tests: explicit VR little endian, PATIENT > STUDY > SERIES > IMAGE records
// linked by byte offsets, as on a DICOM CD. `order: 'by-level'` lists the records level by level
// (legal, since readers must follow the offsets), so a reader that assumes depth-first order fails.
import { writeFile } from 'node:fs/promises';

export interface DirImage {
  fileId: string[];
  instanceNumber?: number;
  sopInstanceUid?: string;
  /** Written as a deleted (inactive) record. */
  inactive?: boolean;
}
export interface DirSeries {
  seriesUid: string;
  seriesNumber?: number;
  modality?: string;
  images: DirImage[];
}
export interface DirStudy {
  studyUid: string;
  date?: string;
  description?: string;
  series: DirSeries[];
}
export interface DirPatient {
  patientId: string;
  name?: string;
  studies: DirStudy[];
}

type El = [tag: number, vr: string, value: Buffer];

function text(value: string, vr: string): Buffer {
  const b = Buffer.from(value, 'latin1');
  return b.length % 2 ? Buffer.concat([b, Buffer.from(vr === 'UI' ? '\0' : ' ')]) : b;
}
const ul = (v: number) => Buffer.from(Uint32Array.of(v).buffer);
const us = (v: number) => Buffer.from(Uint16Array.of(v).buffer);
const LONG = new Set(['OB', 'OW', 'SQ', 'UN', 'UT']);

function encode(elements: El[]): Buffer {
  return Buffer.concat(
    [...elements]
      .sort((a, b) => a[0] - b[0])
      .flatMap(([tag, vr, value]) => {
        const head = Buffer.alloc(LONG.has(vr) ? 12 : 8);
        head.writeUInt16LE(tag >>> 16, 0);
        head.writeUInt16LE(tag & 0xffff, 2);
        head.write(vr, 4, 'latin1');
        if (LONG.has(vr)) head.writeUInt32LE(value.length, 8);
        else head.writeUInt16LE(value.length, 6);
        return [head, value];
      }),
  );
}

interface Rec {
  type: 'PATIENT' | 'STUDY' | 'SERIES' | 'IMAGE';
  level: number;
  fields: El[];
  inactive: boolean;
  children: Rec[];
  next?: Rec;
  offset?: number;
}

function records(patients: DirPatient[]): Rec[] {
  const rec = (type: Rec['type'], level: number, fields: El[], children: Rec[], inactive = false): Rec => {
    children.forEach((c, i) => (c.next = children[i + 1]));
    return { type, level, fields, children, inactive };
  };
  const roots = patients.map((p) =>
    rec('PATIENT', 0, [[0x00100010, 'PN', text(p.name ?? 'TEST^PATIENT', 'PN')], [0x00100020, 'LO', text(p.patientId, 'LO')]], p.studies.map((st) =>
      rec('STUDY', 1, [
        [0x0020000d, 'UI', text(st.studyUid, 'UI')],
        [0x00080020, 'DA', text(st.date ?? '20240101', 'DA')],
        [0x00081030, 'LO', text(st.description ?? 'CHEST', 'LO')],
      ], st.series.map((se) =>
        rec('SERIES', 2, [
          [0x0020000e, 'UI', text(se.seriesUid, 'UI')],
          [0x00080060, 'CS', text(se.modality ?? 'DX', 'CS')],
          [0x00200011, 'IS', text(String(se.seriesNumber ?? 1), 'IS')],
        ], se.images.map((im) =>
          rec('IMAGE', 3, [
            [0x00041500, 'CS', text(im.fileId.join('\\'), 'CS')],
            [0x00041510, 'UI', text('1.2.840.10008.5.1.4.1.1.1', 'UI')],
            [0x00041511, 'UI', text(im.sopInstanceUid ?? `1.2.3.${im.instanceNumber ?? 1}`, 'UI')],
            [0x00041512, 'UI', text('1.2.840.10008.1.2.1', 'UI')],
            [0x00200013, 'IS', text(String(im.instanceNumber ?? 1), 'IS')],
          ], [], im.inactive)),
        )),
      )),
    ),
  );
  roots.forEach((r, i) => (r.next = roots[i + 1]));
  return roots;
}

function itemBody(r: Rec): Buffer {
  return encode([
    [0x00041400, 'UL', ul(r.next?.offset ?? 0)],
    [0x00041410, 'US', us(r.inactive ? 0 : 0xffff)],
    [0x00041420, 'UL', ul(r.children[0]?.offset ?? 0)],
    [0x00041430, 'CS', text(r.type, 'CS')],
    ...r.fields,
  ]);
}

export function dicomdirBytes(patients: DirPatient[], order: 'depth-first' | 'by-level' = 'depth-first'): Buffer {
  const roots = records(patients);
  const all: Rec[] = [];
  const visit = (r: Rec) => {
    all.push(r);
    r.children.forEach(visit);
  };
  roots.forEach(visit);
  const listed = order === 'depth-first' ? all : [...all].sort((a, b) => a.level - b.level);
  const metaBody = encode([
    [0x00020001, 'OB', Buffer.from([0, 1])],
    [0x00020002, 'UI', text('1.2.840.10008.1.3.10', 'UI')],
    [0x00020003, 'UI', text('1.2.826.0.1.3680043.2.1125.7.1', 'UI')],
    [0x00020010, 'UI', text('1.2.840.10008.1.2.1', 'UI')],
    [0x00020012, 'UI', text('1.2.826.0.1.3680043.2.1125.99', 'UI')],
  ]);
  const meta = Buffer.concat([encode([[0x00020000, 'UL', ul(metaBody.length)]]), metaBody]);
  // Layout: preamble, DICM, meta, then (0004,1130) (0004,1200) (0004,1202) (0004,1212) and the
  // sequence. Item sizes do not depend on the offsets they hold, so one pass places them all.
  const fixed = (first: number, last: number) =>
    encode([
      [0x00041130, 'CS', text('ALVEO_TEST', 'CS')],
      [0x00041200, 'UL', ul(first)],
      [0x00041202, 'UL', ul(last)],
      [0x00041212, 'US', us(0)],
    ]);
  let position = 132 + meta.length + fixed(0, 0).length + 12;
  for (const r of listed) {
    r.offset = position;
    position += 8 + itemBody(r).length;
  }
  const items = listed.map((r) => dicomItem(itemBody(r)));
  const seq = Buffer.concat(items);
  const seqHead = Buffer.alloc(12);
  seqHead.writeUInt16LE(0x0004, 0);
  seqHead.writeUInt16LE(0x1220, 2);
  seqHead.write('SQ', 4, 'latin1');
  seqHead.writeUInt32LE(seq.length, 8);
  return Buffer.concat([Buffer.alloc(128), Buffer.from('DICM'), meta, fixed(roots[0]?.offset ?? 0, roots.at(-1)?.offset ?? 0), seqHead, seq]);
}

/** A sequence item of explicit length (FFFE,E000) holding `body`. */
export function dicomItem(body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt16LE(0xfffe, 0);
  head.writeUInt16LE(0xe000, 2);
  head.writeUInt32LE(body.length, 4);
  return Buffer.concat([head, body]);
}

export async function writeDicomdir(path: string, patients: DirPatient[], order: 'depth-first' | 'by-level' = 'depth-first'): Promise<string> {
  await writeFile(path, dicomdirBytes(patients, order));
  return path;
}
