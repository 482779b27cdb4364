/** The photo storage the configuration asks for: an S3-compatible bucket when one is set, else the directory. */
import type { Config } from "../config.ts";
import { DirectoryPhotoStorage } from "./directory-storage.ts";
import type { PhotoStorage } from "./photo-storage.ts";
import { S3PhotoStorage } from "./s3-storage.ts";

export function photoStorageFor(config: Pick<Config, "photoDir" | "photoS3">): PhotoStorage {
  return config.photoS3 ? new S3PhotoStorage(config.photoS3) : new DirectoryPhotoStorage(config.photoDir);
}
