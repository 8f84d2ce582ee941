// A file whose meta header names one encoding while its data set is written in another (explicit
// VR data labelled implicit, little endian labelled big endian) reads as nonsense: dicom-parser
// then blames a length "past the end of the file" on some element (review 45 F11). When the
// parse goes wrong, the data set's first element says which encoding it really has.
import dicomParser from 'dicom-parser';
import { metaHeaderEnd } from './describe-truncation';

const IMPLICIT_LE = '1.2.840.10008.1.2';
const EXPLICIT_BE = '1.2.840.10008.1.2.2';
const DEFLATED_LE = '1.2.840.10008.1.2.1.99';
const VRS = new Set('AE AS AT CS DA DS DT FD FL IS LO LT OB OD OF OL OV OW PN SH SL SQ SS ST SV TM UC UI UL UN UR US UT UV'.split(' '));
/** The groups a data set starts with: 0008 (identification) in nearly every file, up to the image's 0028. */
const plausibleFirstGroup = (g: number) => g > 0x0002 && g <= 0x0028 && g % 2 === 0;

/** The transfer syntax the meta header of a Part-10 input names, or null when it cannot be read. */
function declaredSyntax(bytes: Uint8Array): string | null {
  try {
    return dicomParser.readPart10Header(bytes).string('x00020010')?.replace(/\0/g, '').trim() ?? null;
  } catch {
    return null;
  }
}

/** Why a Part-10 input's data set does not match the syntax its meta header names, or null when it seems to. */
export function syntaxMismatch(bytes: Uint8Array): string | null {
  const syntax = declaredSyntax(bytes);
  const start = metaHeaderEnd(bytes);
  if (syntax === null) return null;
  if (start === null || start + 8 > bytes.length || syntax === DEFLATED_LE) return null;
  const le = bytes[start] | (bytes[start + 1] << 8);
  const be = (bytes[start] << 8) | bytes[start + 1];
  const hasVr = VRS.has(String.fromCharCode(bytes[start + 4], bytes[start + 5]));
  const says = `the file meta header names transfer syntax ${syntax} (${syntax === IMPLICIT_LE ? 'implicit VR little endian' : syntax === EXPLICIT_BE ? 'explicit VR big endian' : 'explicit VR little endian'})`;
  if (syntax === EXPLICIT_BE) {
    if (!plausibleFirstGroup(be) && plausibleFirstGroup(le)) return `${says}, but the data set is written little endian: the transfer syntax is wrong`;
    return null;
  }
  if (!plausibleFirstGroup(le) && plausibleFirstGroup(be)) return `${says}, but the data set is written big endian: the transfer syntax is wrong`;
  if (syntax === IMPLICIT_LE && hasVr && plausibleFirstGroup(le)) return `${says}, but the data set is written with explicit VRs: the transfer syntax is wrong`;
  if (syntax !== IMPLICIT_LE && !hasVr && plausibleFirstGroup(le)) return `${says}, but the data set is written with implicit VRs: the transfer syntax is wrong`;
  return null;
}
