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

export function serializeError(err: unknown): SerializedError {
  if (err instanceof AlveoError) return { code: err.code, message: err.message, file: err.file };
  return { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) };
}
