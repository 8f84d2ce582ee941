/** A file-system error code in words a user can act on; the code itself where there are none. */
export function errnoInWords(errOrCode: unknown): string {
  const code = typeof errOrCode === 'string' ? errOrCode : (errOrCode as NodeJS.ErrnoException | null)?.code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EROFS') return 'a read-only file system';
  if (code === 'ENOSPC') return 'the disk is full';
  if (code === 'EDQUOT') return 'the disk quota is used up';
  if (code === 'ELOOP') return 'a loop of symbolic links';
  if (code === 'ENAMETOOLONG') return 'the name is too long';
  if (code === 'EIO') return 'an input/output error (a failing disk or share)';
  if (code !== undefined) return code;
  return typeof errOrCode === 'string' || errOrCode === undefined ? 'unknown error' : String(errOrCode);
}
