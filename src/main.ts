/** Entry point of the built CLI: the real context, and the exit code set once. */
import { run } from './cli.js';
import { FdStream } from './ui/fd-stream.js';

export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  process.exitCode = await run(argv, {
    cwd: process.cwd(),
    env: process.env,
    // Only `check --stdin` reads it; creating the stream costs several Node modules at start-up.
    get stdin() {
      return process.stdin;
    },
    // Windows pipes throw EOF from a direct read instead of returning 0 (nodejs/node#35997): the stream there.
    ...(process.platform !== 'win32' && { stdinFd: 0 }),
    stdout: new FdStream(1, () => process.stdout),
    stderr: new FdStream(2, () => process.stderr),
    now: () => new Date(),
  });
}
