/**
 * Asking the user: the only module that uses Inquirer.js. Commands and the wizard see a Prompter;
 * tests pass a scripted one. Ctrl-C and Esc cancel any prompt: a MamxError CANCELLED (exit 130).
 */
import type { Readable } from 'node:stream';
import { nodeStreamOf, type OutStream } from './fd-stream.js';
import { makeVisible } from '../core/text.js';
import { MamxError } from '../errors.js';

export interface Choice<T> {
  name: string;
  value: T;
  description?: string;
}

export interface Prompter {
  select<T>(q: { message: string; choices: ReadonlyArray<Choice<T>>; default?: T }): Promise<T>;
  /** Choices filtered as the user types. */
  search<T>(q: { message: string; source: (term: string) => ReadonlyArray<Choice<T>> }): Promise<T>;
  input(q: { message: string; default?: string; validate?: (value: string) => true | string }): Promise<string>;
  confirm(q: { message: string; default: boolean }): Promise<boolean>;
}

export function cancelled(): MamxError {
  return new MamxError('CANCELLED', 'cancelled: nothing was written');
}

export async function createInquirerPrompter(input: Readable, out: OutStream): Promise<Prompter> {
  const output = nodeStreamOf(out);
  const inquirer = await import('./inquirer-prompts.js');
  const controller = new AbortController();
  // node:readline loads only when the wizard asks something: it costs every start otherwise.
  const { emitKeypressEvents } = await import('node:readline');
  emitKeypressEvents(input);
  input.on('keypress', (_text: string, key?: { name?: string }) => {
    if (key?.name === 'escape') controller.abort();
  });
  const context = { input, output, signal: controller.signal, clearPromptOnDone: false };
  const ask = async <T>(prompt: Promise<T>): Promise<T> => {
    try {
      return await prompt;
    } catch (e) {
      const name = (e as Error).name;
      if (name === 'ExitPromptError' || name === 'AbortPromptError' || name === 'CancelPromptError') throw cancelled();
      throw e;
    }
  };
  // What a question shows may come from a policy file: never raw control characters (see core/text).
  const visible = <T>(choices: ReadonlyArray<Choice<T>>) =>
    choices.map((c) => ({
      ...c,
      name: makeVisible(c.name),
      ...(c.description !== undefined && { description: makeVisible(c.description) }),
    }));
  return {
    select: (q) =>
      ask(
        inquirer.select(
          { message: makeVisible(q.message), choices: visible(q.choices), ...(q.default !== undefined && { default: q.default }) },
          context,
        ),
      ),
    search: (q) =>
      ask(inquirer.search({ message: makeVisible(q.message), source: (term) => visible(q.source(term ?? '')), pageSize: 10 }, context)),
    input: (q) =>
      ask(
        inquirer.input(
          {
            message: makeVisible(q.message),
            ...(q.default !== undefined && { default: makeVisible(q.default) }),
            ...(q.validate && { validate: q.validate }),
          },
          context,
        ),
      ),
    confirm: (q) => ask(inquirer.confirm({ message: makeVisible(q.message), default: q.default }, context)),
  };
}
