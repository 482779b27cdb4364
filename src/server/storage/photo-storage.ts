/**
 * Where photo files live: outside the database, behind one small interface so that a clinic can
 * swap the directory for an object store without the photo service changing. Keys are generated
 * by the server (clinic/patient/photo ids), never taken from a request.
 */
export interface PhotoStorage {
  /** What the storage is, for logs and the docs (never a secret). */
  readonly describe: string;
  put(key: string, bytes: Buffer): Promise<void>;
  /** The stored bytes, or null when nothing is stored under the key. */
  get(key: string): Promise<Buffer | null>;
  /** Removes the object; a missing one is not an error (cleanup after a failed upload). */
  delete(key: string): Promise<void>;
}

const KEY = /^[a-z0-9][a-z0-9-]*(\/[a-z0-9][a-z0-9._-]*)*$/;

/** Refuses keys that could leave the storage root or mean something to a shell or a URL. */
export function assertStorageKey(key: string): void {
  if (!KEY.test(key) || key.includes("..") || key.length > 300) {
    throw new Error(`invalid photo storage key: ${JSON.stringify(key)}`);
  }
}
