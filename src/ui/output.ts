/**
 * The only writer to stdout and stderr. Commands hand it data; human text and --json are two
 * renderings of the same data. Results go to stdout; notes, warnings and errors to stderr.
 * Human output never carries a control or text-direction character from a file or the user raw
 * (a name holding ESC [2J would clear the screen): strings are made visible before rendering.
 * JSON output is exact: JSON escapes C0 controls, and the rest are written as \u escapes.
 */
import type { OutStream } from './fd-stream.js';
import { streamLines, type LineInput } from './stream-lines.js';
import { escapeJsonText, makeVisible, visibleDeep } from '../core/text.js';
import type { RiskWarning } from '../core/types.js';
import { isMamxError } from '../errors.js';
import { makeStyle, renderWarning, type Style } from './render.js';

export interface OutputOptions {
  json: boolean;
  quiet: boolean;
  color: boolean;
  debug: boolean;
}

/**
 * Where commander writes its help and version text, which it prints before any Output exists.
 * Usage errors are not written here: run() reports them through Output.error.
 */
export function commanderOutput(stdout: OutStream, stderr: OutStream) {
  return {
    writeOut: (s: string) => void stdout.write(s),
    writeErr: (s: string) => void stderr.write(s),
    outputError: () => undefined,
  };
}

export class Output {
  private constructor(
    private readonly stdout: OutStream,
    private readonly stderr: OutStream,
    readonly options: OutputOptions,
    readonly style: Style,
  ) {}

  static async create(stdout: OutStream, stderr: OutStream, options: OutputOptions): Promise<Output> {
    return new Output(stdout, stderr, options, await makeStyle(options.color));
  }

  /** The command's result: JSON as one document, or human text from the renderer. */
  result<T>(data: T, human: (data: T, style: Style) => string): void {
    if (this.options.json) {
      this.stdout.write(`${escapeJsonText(JSON.stringify(data, null, 2))}\n`);
      return;
    }
    if (this.options.quiet) return;
    const text = human(visibleDeep(data), this.style);
    if (text) this.stdout.write(`${text}\n`);
  }

  /** One record of a stream (check --stdin): a JSON line, or the human rendering. */
  line<T>(data: T, human: (data: T, style: Style) => string): string {
    return this.options.json ? escapeJsonText(JSON.stringify(data)) : human(visibleDeep(data), this.style);
  }

  /** Streams results line by line (batch mode): one output line, or none, per input line. */
  transformLines(input: LineInput, handle: (line: string, lineNumber: number) => string | null): Promise<void> {
    return streamLines(input, this.stdout, handle);
  }

  /** A JSON document that is itself the result (a Graph body): printed as JSON whether or not --json was given. */
  json(data: unknown): void {
    this.stdout.write(`${escapeJsonText(JSON.stringify(data, null, 2))}\n`);
  }

  /** Text that is itself the result, printed as is (a completion script). */
  text(content: string): void {
    this.stdout.write(content);
  }

  /** A record of a change to the tenant: always on stderr, whatever --json or -q say (a pipeline's log keeps it). */
  audit(line: string): void {
    this.stderr.write(`${makeVisible(line)}\n`);
  }

  /** Something the user should know that is not the result (which file, what was normalised). */
  note(message: string): void {
    if (this.options.json || this.options.quiet) return;
    this.stderr.write(`${this.style.gray(makeVisible(message))}\n`);
  }

  /** A problem that does not stop the command (an ignored config file, a YAML merge key). */
  warn(message: string): void {
    if (this.options.json || this.options.quiet) return;
    this.stderr.write(`${this.style.yellow('warning:')} ${makeVisible(message)}\n`);
  }

  /** Shown only with --debug: which files mamx used, and why. */
  debug(message: string): void {
    if (!this.options.debug || this.options.json) return;
    this.stderr.write(`${this.style.gray(`debug: ${makeVisible(message)}`)}\n`);
  }

  warning(w: RiskWarning, subject?: string): void {
    if (this.options.json || this.options.quiet) return;
    this.stderr.write(`${subject ? `${makeVisible(subject)}: ` : ''}${renderWarning(visibleDeep(w), this.style)}\n`);
  }

  error(e: unknown): void {
    const known = isMamxError(e);
    const code = known ? e.code : 'INTERNAL';
    const message = known ? e.message : `internal error: ${(e as Error)?.message ?? String(e)}`;
    const hint = known ? e.hint : 'this is a bug in mamx; run again with --debug and report the output';
    if (this.options.json) {
      this.stderr.write(`${escapeJsonText(JSON.stringify({ error: { code, message, ...(hint && { hint }) } }))}\n`);
    } else {
      this.stderr.write(`${this.style.red('error:')} ${makeVisible(message)}\n`);
      if (hint) this.stderr.write(`${this.style.gray(`hint: ${makeVisible(hint)}`)}\n`);
    }
    if (this.options.debug && e instanceof Error && e.stack) this.stderr.write(`${e.stack}\n`);
  }
}
