// Where PACS passwords are kept between sessions. The desktop app passes Electron's safeStorage
// (the OS keychain) through createEngine(deps); without one (CLI, web host) a password is kept
// in memory for the session only, never written in clear.

export interface SecretStore {
  /** Encrypts for this user on this machine; the result is stored as base64. */
  encrypt(plain: string): Buffer;
  decrypt(encrypted: Buffer): string;
}
