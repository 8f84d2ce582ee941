// What the PACS's answer to the association proposal means for one file to send, before anything is
// sent. A SOP class it accepts in no transfer syntax (presentation context rejected) means it does
// not store that kind of object, which the sender must hear as such. A file it takes only in
// another syntax would go through dcmjs-dimse's re-encoding: allowed when nothing is lost (Alveo's
// own capture decompressed for a PACS without JPEG-LS), refused when private elements would be
// dropped or values cut short, since the copy would keep the original's SOP Instance UID.
import type { association, requests } from 'dcmjs-dimse';
import { transferSyntaxName } from '../studies/dicom/transfer-syntax';
import { reencodingLoss } from './reencoding-loss';
import { sopClassName } from './sop-class-name';

type Association = association.Association;

const NATIVE = new Set(['1.2.840.10008.1.2', '1.2.840.10008.1.2.1']);

/** At most this many elements named in a message; the count says how many in all. */
const NAMED = 5;

function listed(names: string[]): string {
  return names.length > NAMED ? `${names.slice(0, NAMED).join(', ')} …` : names.join(', ');
}

/** The file's own syntax, and the one the PACS accepted for its class ('' when none). */
export function acceptedSyntax(assoc: Association, request: requests.CStoreRequest): { own: string; accepted: string } {
  const own = request.getDataset()?.getTransferSyntaxUid() ?? '';
  return { own, accepted: assoc.getAcceptedPresentationContextFromRequest(request)?.getAcceptedTransferSyntaxUid() ?? '' };
}

/** Why the file must not be sent on this association, or null when it may. */
export function storeRefusal(assoc: Association, request: requests.CStoreRequest): string | null {
  const sopClass = request.getAffectedSopClassUid();
  const { own, accepted } = acceptedSyntax(assoc, request);
  if (!accepted) {
    const proposed = assoc
      .getPresentationContexts()
      .map((c) => assoc.getPresentationContext(c.id))
      .filter((c) => c.getAbstractSyntaxUid() === sopClass);
    // "Reject - Abstract Syntax Not Supported" -> "abstract syntax not supported".
    const why = [...new Set(proposed.map((c) => c.getResultDescription().replace(/^Reject - /, '').toLowerCase()))].join(', ');
    // The answer overwrites the contexts' syntaxes, so what was offered is said from the file.
    const offered = /transfer syntax/.test(why) ? `; offered ${NATIVE.has(own) ? '' : `as ${transferSyntaxName(own)} and `}uncompressed` : '';
    return `the PACS does not accept ${sopClassName(sopClass)} (presentation context rejected${why ? `: ${why}` : ''}${offered})`;
  }
  if (accepted === own) return null;
  const dataset = request.getDataset();
  if (!dataset) return null;
  const { dropped, shortened } = reencodingLoss(dataset);
  const lost = [
    ...(dropped.length ? [`drop ${dropped.length} element(s) (${listed(dropped)})`] : []),
    ...(shortened.length ? [`cut short ${shortened.length} value(s) (${listed(shortened)})`] : []),
  ];
  if (!lost.length) return null;
  return `not sent: the PACS takes ${sopClassName(sopClass)} only as ${transferSyntaxName(accepted)}, and converting the file from ${transferSyntaxName(own)} would ${lost.join(' and ')} under the same SOP Instance UID`;
}
