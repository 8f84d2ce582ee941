// The bytes of each response data set on an association (C-FIND matches), as they arrive. dcmjs-dimse
// hands over only what dcmjs made of them: text decoded with the first Specific Character Set term
// alone (no ISO 2022 code extensions: Japanese, Korean, Chinese names came back as escape
// sequences), values and PN parts split at '\', '=' and '^' bytes that may be halves of a two-byte
// code, and (0008,0005) itself replaced by "ISO_IR 192". find-response-text decodes from these bytes.
//
// dcmjs-dimse 0.3 has no hook for it (the store-stream hooks serve C-STORE data sets only): its
// network's P-DATA handler is wrapped, on this association's network alone, to copy the data set
// fragments before dcmjs-dimse reads them. It raises each response as soon as its data set is
// complete, so the data sets are taken in the order the responses come. Without that handler (another
// dcmjs-dimse), nothing is kept and the responses keep dcmjs's reading.
import type { Client as DimseClient } from 'dcmjs-dimse';
import type { RawBytes } from './raw-dataset';

interface Pdv {
  isCommand(): boolean;
  isLastFragment(): boolean;
  getValue(): Buffer;
  getPresentationContextId(): number;
}

interface PDataTf {
  getPdvs(): Pdv[];
}

interface ReadingNetwork {
  association?: { getPresentationContext(id: number): { getAcceptedTransferSyntaxUid(): string | undefined } | undefined };
  _processPDataTf?: (pdu: PDataTf) => Promise<void>;
}

export interface ResponseBytes {
  /** The next response data set's bytes, to be taken once for each response that has a data set. */
  next(): RawBytes | undefined;
}

/** Call before the association is requested (AssociationOptions.setup). */
export function keepResponseBytes(client: DimseClient): ResponseBytes {
  const complete: RawBytes[] = [];
  let fragments: Buffer[] = [];
  client.on('associationAccepted', () => {
    const network = (client as unknown as { network?: ReadingNetwork }).network;
    const read = network?._processPDataTf;
    if (!network || typeof read !== 'function') return;
    network._processPDataTf = (pdu: PDataTf) => {
      try {
        for (const pdv of pdu.getPdvs()) {
          if (pdv.isCommand()) continue;
          fragments.push(Buffer.from(pdv.getValue()));
          if (!pdv.isLastFragment()) continue;
          const transferSyntaxUid = network.association?.getPresentationContext(pdv.getPresentationContextId())?.getAcceptedTransferSyntaxUid() ?? '';
          complete.push({ bytes: Buffer.concat(fragments), transferSyntaxUid });
          fragments = [];
        }
      } catch {
        // A PDU this copy cannot follow: dcmjs-dimse reads it (and reports it) as before.
      }
      return read.call(network, pdu);
    };
  });
  return { next: () => complete.shift() };
}
