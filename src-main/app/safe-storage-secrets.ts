// PACS passwords in the OS keychain: Electron's safeStorage, when the platform offers it, as the
// engine's SecretStore. Without it the engine keeps a password for the session only.
import { safeStorage } from 'electron';
import type { SecretStore } from '../engine/index';

export function safeStorageSecrets(): SecretStore | undefined {
  if (safeStorage.isEncryptionAvailable() !== true) return undefined;
  // On Linux without a keyring (no libsecret / KWallet) safeStorage still "encrypts", with a key
  // written into Chromium ('basic_text'): that is plain text to anyone who reads nodes.json.
  // Call after app 'ready' (before it the backend reads 'unknown', and is refused here too).
  if (process.platform === 'linux' && ['basic_text', 'unknown'].includes(safeStorage.getSelectedStorageBackend())) return undefined;
  return {
    encrypt: (plain) => safeStorage.encryptString(plain),
    decrypt: (encrypted) => safeStorage.decryptString(encrypted),
  };
}
