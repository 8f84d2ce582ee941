// Plain names for the non-image objects people most often open by mistake.
const NAMES: [prefix: string, name: string][] = [
  ['1.2.840.10008.1.3.10', 'a DICOMDIR (media directory)'],
  ['1.2.840.10008.5.1.4.1.1.88.59', 'a Key Object Selection document'],
  ['1.2.840.10008.5.1.4.1.1.88.', 'a Structured Report (SR) document'],
  ['1.2.840.10008.5.1.4.1.1.104.', 'an encapsulated document (PDF/CDA)'],
  ['1.2.840.10008.5.1.4.1.1.11.', 'a presentation state'],
  ['1.2.840.10008.5.1.4.1.1.9.', 'a waveform'],
  ['1.2.840.10008.5.1.4.1.1.66', 'a raw data / registration object'],
  ['1.2.840.10008.5.1.4.1.1.481.', 'a radiotherapy object'],
];

export function nonImageKind(sopClassUid: string | undefined): string | undefined {
  if (!sopClassUid) return undefined;
  return NAMES.find(([prefix]) => sopClassUid === prefix || sopClassUid.startsWith(prefix))?.[1];
}
