// A dcmjs-dimse Dataset that keeps the bytes it came from: sent, it goes on the wire as those bytes;
// received, they are what gets written. dcmjs-dimse otherwise re-encodes every data set through
// dcmjs, which drops private elements and shortens over-long values under the same SOP Instance
// UID. Its parsed elements still name and check the instance. When the PACS takes another transfer
// syntax, dcmjs-dimse transcodes into a new Dataset from those elements (store-refusal decides
// when Alveo lets it).
import type { Dataset } from 'dcmjs-dimse';
import { dimseLibrary } from './dimse-library';

export interface RawBytes {
  bytes: Buffer;
  transferSyntaxUid: string;
  /** Received: the AE title of the peer that sent them. */
  sourceAeTitle?: string;
}

type RawDatasetClass = new (elements: Record<string, unknown>, raw: RawBytes) => Dataset & { readonly raw: RawBytes };
let rawClass: RawDatasetClass | null = null;

/** Defined on first use: the base class comes from dcmjs-dimse, loaded lazily (dimse-library). */
function defineRawDataset(): RawDatasetClass {
  const { Dataset: Base } = dimseLibrary();
  return class RawDataset extends Base {
    constructor(
      elements: Record<string, unknown>,
      readonly raw: RawBytes,
    ) {
      super(elements, raw.transferSyntaxUid);
    }

    override getDenaturalizedDataset(writeOptions?: Record<string, unknown>, nameMap?: Record<string, unknown>): Buffer {
      // The bytes only while they are in the syntax the data set is declared in.
      if (this.getTransferSyntaxUid() === this.raw.transferSyntaxUid) return this.raw.bytes;
      return super.getDenaturalizedDataset(writeOptions, nameMap);
    }
  };
}

export function rawDataset(elements: Record<string, unknown>, raw: RawBytes): Dataset {
  rawClass ??= defineRawDataset();
  return new rawClass(elements, raw);
}

/** The bytes a data set was made from, when it is one of rawDataset's. */
export function rawBytesOf(dataset: Dataset | undefined): RawBytes | undefined {
  return rawClass && dataset instanceof rawClass ? dataset.raw : undefined;
}
