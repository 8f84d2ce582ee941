// Moved to engine/atomic-files.ts (one module, fsync around the rename); kept for importers not yet moved.
export { copyFolderAtomic, tempSibling, writeFileAtomic, writeFolderAtomic, writeJsonAtomic } from '../atomic-files';
