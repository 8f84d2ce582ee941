// A storage SOP class in words with its UID, for messages a PACS administrator acts on:
// "Comprehensive SR Storage (1.2.840.10008.5.1.4.1.1.88.33)". The classes Alveo sends and reads
// by name; any other by dcmjs-dimse's StorageClass keyword spelt out; else the UID alone.
import { dimseLibrary } from './dimse-library';

const NAMES: Record<string, string> = {
  '1.2.840.10008.5.1.4.1.1.1': 'Computed Radiography Image Storage',
  '1.2.840.10008.5.1.4.1.1.1.1': 'Digital X-Ray Image Storage - For Presentation',
  '1.2.840.10008.5.1.4.1.1.1.1.1': 'Digital X-Ray Image Storage - For Processing',
  '1.2.840.10008.5.1.4.1.1.1.2': 'Digital Mammography X-Ray Image Storage - For Presentation',
  '1.2.840.10008.5.1.4.1.1.7': 'Secondary Capture Image Storage',
  '1.2.840.10008.5.1.4.1.1.88.11': 'Basic Text SR Storage',
  '1.2.840.10008.5.1.4.1.1.88.22': 'Enhanced SR Storage',
  '1.2.840.10008.5.1.4.1.1.88.33': 'Comprehensive SR Storage',
  '1.2.840.10008.5.1.4.1.1.104.1': 'Encapsulated PDF Storage',
};

/** "ComprehensiveSrStorage" -> "Comprehensive Sr Storage": readable enough for the rest. */
function spelt(keyword: string): string {
  return keyword.replace(/([a-z0-9])([A-Z])/g, '$1 $2');
}

export function sopClassName(uid: string): string {
  const keyword = Object.entries(dimseLibrary().constants.StorageClass as Record<string, string>).find(([, u]) => u === uid)?.[0];
  const name = NAMES[uid] ?? (keyword ? spelt(keyword) : '');
  return name ? `${name} (${uid})` : `SOP class ${uid}`;
}
