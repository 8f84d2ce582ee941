// Moved to engine/atomic-files.ts (one module, fsync around the rename); kept for importers not yet moved.
export { replaceAtomically, writeFileAtomic } from '../atomic-files';
