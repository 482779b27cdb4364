import type { Readable, Writable } from "node:stream";

/** The streams a command talks through; tests pass their own. */
export interface CommandIO {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
}
