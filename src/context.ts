/** What a command may touch of the outside world; tests pass their own. */
import type { Readable } from 'node:stream';
import type { Msal } from './io/sign-in.js';
import type { OutStream } from './ui/fd-stream.js';
import type { Prompter } from './ui/prompts.js';

export interface Context {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdin: Readable & { isTTY?: boolean };
  /**
   * The CLI's standard input as a descriptor: batch input is read from it directly, a chunk at a time
   * (Node's stream costs a sixteenth of a million-line batch), and from `stdin` only if the descriptor
   * will not block. Tests leave it out and give `stdin`.
   */
  stdinFd?: number;
  stdout: OutStream;
  stderr: OutStream;
  now: () => Date;
  /** Tests script the questions; the CLI asks in the terminal (Inquirer.js). */
  prompter?: Prompter;
  /** Tests sign in through fakes of @azure/msal-node's classes; the CLI loads the real ones. */
  msal?: Msal;
  /** Tests say whether a terminal is there; the CLI looks at stdin and stdout. */
  interactive?: boolean;
}

export interface GlobalOptions {
  /** The policy file (-f); with several -f (or a pattern matching several), the first, and `files` holds them all. */
  file?: string;
  files?: string[];
  shared?: boolean;
  json?: boolean;
  quiet?: boolean;
  color?: boolean;
  debug?: boolean;
}
