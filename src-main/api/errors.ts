// Typed errors carry the file and the cause so every door can say them in plain words.
export type AlveoErrorCode =
  | 'NOT_FOUND'
  | 'NOT_AN_IMAGE'
  | 'CORRUPT'
  | 'UNSUPPORTED'
  | 'NO_PIXELS'
  | 'TOO_LARGE'
  | 'NO_MODEL'
  | 'BAD_ARGUMENT'
  | 'CANCELLED'
  /** A PACS node could not be reached, refused the association or the login, or timed out. */
  | 'NETWORK'
  /** A file or folder could not be written or read: a full disk, a permission, a read-only file system. */
  | 'STORAGE'
  | 'INTERNAL';

export class AlveoError extends Error {
  constructor(
    readonly code: AlveoErrorCode,
    message: string,
    readonly file?: string,
  ) {
    super(file ? `${file}: ${message}` : message);
    this.name = 'AlveoError';
  }
}

export interface SerializedError {
  code: AlveoErrorCode;
  message: string;
  file?: string;
}

/** File-system refusals the user can act on (free space, fix a permission): not a fault inside Alveo. */
const STORAGE_ERRNO = new Set(['ENOSPC', 'EDQUOT', 'EROFS', 'EACCES', 'EPERM', 'EIO', 'EBUSY']);

export function serializeError(err: unknown): SerializedError {
  if (err instanceof AlveoError) return { code: err.code, message: err.message, file: err.file };
  const errno = (err as { code?: unknown } | null)?.code;
  const code = typeof errno === 'string' && STORAGE_ERRNO.has(errno) ? 'STORAGE' : 'INTERNAL';
  return { code, message: err instanceof Error ? err.message : String(err) };
}
