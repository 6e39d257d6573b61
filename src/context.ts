/** What a command may touch of the outside world; tests pass their own. */
import type { Readable, Writable } from 'node:stream';

export interface Context {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdin: Readable & { isTTY?: boolean };
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean };
  now: () => Date;
}

export interface GlobalOptions {
  file?: string;
  shared?: boolean;
  json?: boolean;
  quiet?: boolean;
  color?: boolean;
  debug?: boolean;
}
