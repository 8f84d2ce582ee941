// The part of dcmjs (which ships no types) that Alveo uses: naturalized data sets (keyword ->
// value) to and from Part-10 bytes.
declare module 'dcmjs' {
  export type NaturalizedValue = string | number | ArrayBuffer | NaturalizedDataset | NaturalizedValue[] | { Alphabetic?: string } | undefined;
  export interface NaturalizedDataset {
    [keyword: string]: NaturalizedValue | Record<string, string> | undefined;
    _vrMap?: Record<string, string>;
  }
  export type DenaturalizedDataset = Record<string, { vr: string; Value?: unknown[] }>;
  export class DicomDict {
    constructor(meta: DenaturalizedDataset);
    meta: DenaturalizedDataset;
    dict: DenaturalizedDataset;
    write(options?: Record<string, unknown>): ArrayBuffer;
  }
  /** PS3.6 entry; vr is lower-case ("xs", "ox") where the standard allows two. */
  export interface DictionaryEntry {
    tag: string;
    vr: string;
    name: string;
  }
  export const DicomMetaDictionary: {
    /** By "(gggg,eeee)". */
    dictionary: Record<string, DictionaryEntry | undefined>;
    /** By keyword ("PatientName"). */
    nameMap: Record<string, DictionaryEntry | undefined>;
    naturalizeDataset(dataset: DenaturalizedDataset): NaturalizedDataset;
    denaturalizeDataset(dataset: NaturalizedDataset): DenaturalizedDataset;
  };
  export const DicomMessage: {
    readFile(buffer: ArrayBuffer, options?: Record<string, unknown>): DicomDict;
  };
  const dcmjs: {
    data: { DicomDict: typeof DicomDict; DicomMetaDictionary: typeof DicomMetaDictionary; DicomMessage: typeof DicomMessage };
  };
  export default dcmjs;
}
