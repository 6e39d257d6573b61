/** What a command may touch of the outside world; tests pass their own. */
import type { Readable, Writable } from 'node:stream';
import type { Prompter } from './ui/prompts.js';

export interface Context {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdin: Readable & { isTTY?: boolean };
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean };
  now: () => Date;
  /** Tests script the questions; the CLI asks in the terminal (Inquirer.js). */
  prompter?: Prompter;
  /** Tests say whether a terminal is there; the CLI looks at stdin and stdout. */
  interactive?: boolean;
}

export interface GlobalOptions {
  file?: string;
  shared?: boolean;
  json?: boolean;
  quiet?: boolean;
  color?: boolean;
  debug?: boolean;
}
