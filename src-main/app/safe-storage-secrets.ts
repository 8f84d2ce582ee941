// PACS passwords in the OS keychain: Electron's safeStorage, when the platform offers it, as the
// engine's SecretStore. Without it the engine keeps a password for the session only.
import { safeStorage } from 'electron';
import type { SecretStore } from '../engine/index';

export function safeStorageSecrets(): SecretStore | undefined {
  if (safeStorage.isEncryptionAvailable() !== true) return undefined;
  return {
    encrypt: (plain) => safeStorage.encryptString(plain),
    decrypt: (encrypted) => safeStorage.decryptString(encrypted),
  };
}
