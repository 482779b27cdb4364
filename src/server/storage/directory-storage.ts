/**
 * Photos as files under one directory (REMODEL_PHOTO_DIR, by default `<data dir>/photos`), which
 * `remodel backup` includes. Files are written to a temporary name and renamed, so a crash never
 * leaves half a picture under a real key; they are readable by the server's user only.
 */
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { assertStorageKey, type PhotoStorage } from "./photo-storage.ts";

export class DirectoryPhotoStorage implements PhotoStorage {
  readonly #root: string;
  constructor(root: string) {
    this.#root = path.resolve(root);
  }

  get describe(): string {
    return `directory ${this.#root}`;
  }

  #file(key: string): string {
    assertStorageKey(key);
    const file = path.resolve(this.#root, key);
    if (!file.startsWith(this.#root + path.sep)) throw new Error("photo storage key leaves the root");
    return file;
  }

  async put(key: string, bytes: Buffer): Promise<void> {
    const file = this.#file(key);
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    const temp = `${file}.${process.pid}.${Date.now()}.part`;
    await writeFile(temp, bytes, { mode: 0o600 });
    await rename(temp, file);
  }

  async get(key: string): Promise<Buffer | null> {
    try {
      return await readFile(this.#file(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.#file(key), { force: true });
  }

  /** Files under the root as keys (`a/b.jpg`); half-written `.part` files are not photos. */
  async *list(): AsyncIterable<string> {
    let entries: import("node:fs").Dirent[];
    try {
      entries = await readdir(this.#root, { recursive: true, withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
      throw error;
    }
    const keys = entries
      .filter((e) => e.isFile() && !e.name.endsWith(".part"))
      .map((e) => path.relative(this.#root, path.join(e.parentPath, e.name)).split(path.sep).join("/"))
      .sort();
    yield* keys;
  }
}
