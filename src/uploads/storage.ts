// Where the bytes of uploads live. The embedded default keeps them on the local disk; another store
// (an S3-compatible bucket) implements the same three calls and is chosen by UPLOAD_STORE.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config.ts';

export interface UploadStore {
  /** Keeps `data` under `key`, replacing what was there. */
  put(key: string, data: Uint8Array, contentType: string): Promise<void>;
  /** The bytes under `key`, or null when there are none. */
  get(key: string): Promise<Uint8Array | null>;
  /** Forgets `key`; no error when it is already gone. */
  delete(key: string): Promise<void>;
}

const safeKey = /^[A-Za-z0-9][A-Za-z0-9._-]{0,200}$/;

/** Files under `root`, spread over folders by the key's first two characters. */
class DiskStore implements UploadStore {
  constructor(private readonly root: string) {}

  private pathOf(key: string): string {
    // keys are made by the server, never by a client: still, nothing may leave the root
    if (!safeKey.test(key)) throw new Error(`not a store key: ${key}`);
    return path.join(this.root, key.slice(0, 2), key);
  }

  async put(key: string, data: Uint8Array): Promise<void> {
    const file = this.pathOf(key);
    await fs.mkdir(path.dirname(file), { recursive: true });
    // written aside, then renamed: a reader never sees half a file
    const partial = `${file}.${process.pid}.partial`;
    await fs.writeFile(partial, data);
    await fs.rename(partial, file);
  }

  async get(key: string): Promise<Uint8Array | null> {
    try {
      return await fs.readFile(this.pathOf(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await fs.rm(this.pathOf(key), { force: true });
  }
}

/** The store UPLOAD_STORE names. */
export function createUploadStore(config: Pick<Config, 'uploads'>): UploadStore {
  switch (config.uploads.store) {
    case 'disk':
      return new DiskStore(path.resolve(config.uploads.dir));
  }
}
