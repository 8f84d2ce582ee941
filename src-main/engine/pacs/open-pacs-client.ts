// The client for a node: DICOMweb or DIMSE by what the node is.
import { dicomWebClient } from './dicomweb-client';
import { dimseClient } from './dimse-client';
import type { PacsClient } from './pacs-client';
import type { PacsNode } from './pacs-node';

export function openPacsClient(node: PacsNode): PacsClient {
  return node.kind === 'dicomweb' ? dicomWebClient(node) : dimseClient(node);
}
