import type { Choice, Prompter } from '../src/ui/prompts.js';
import { cancelled } from '../src/ui/prompts.js';

/** One expected question: its message, and the answer (a choice's name, text, a boolean, or cancel). */
export type Step =
  | { ask: RegExp; choose: RegExp }
  | { ask: RegExp; search: string; choose: RegExp }
  | { ask: RegExp; type: string; rejects?: string[] }
  | { ask: RegExp; confirm: boolean; expectDefault?: boolean }
  | { ask: RegExp; cancel: true };

/** A prompter that answers from a script and fails the test on any question it did not expect. */
export function scriptedPrompter(steps: Step[]): Prompter & { remaining: () => number } {
  const queue = [...steps];
  const next = (message: string, kind: string): Step => {
    const step = queue.shift();
    if (!step) throw new Error(`unexpected ${kind} question: "${message}"`);
    if (!step.ask.test(message)) throw new Error(`expected a question matching ${step.ask}, got "${message}"`);
    if ('cancel' in step) throw cancelled();
    return step;
  };
  const pick = <T>(choices: ReadonlyArray<Choice<T>>, pattern: RegExp): T => {
    const c = choices.find((x) => pattern.test(x.name));
    if (!c) throw new Error(`no choice matches ${pattern}: ${choices.map((x) => x.name).join(' | ')}`);
    return c.value;
  };
  return {
    remaining: () => queue.length,
    async select(q) {
      const s = next(q.message, 'select');
      if (!('choose' in s) || 'search' in s) throw new Error(`"${q.message}" is a select`);
      return pick(q.choices, s.choose);
    },
    async search(q) {
      const s = next(q.message, 'search');
      if (!('search' in s)) throw new Error(`"${q.message}" is a search`);
      return pick(q.source(s.search), s.choose);
    },
    async input(q) {
      const s = next(q.message, 'input');
      if (!('type' in s)) throw new Error(`"${q.message}" is an input`);
      for (const bad of s.rejects ?? []) {
        const verdict = q.validate?.(bad);
        if (verdict === true || verdict === undefined) throw new Error(`"${bad}" should have been rejected by "${q.message}"`);
      }
      const value = s.type === '' && q.default !== undefined ? q.default : s.type;
      const ok = q.validate?.(value) ?? true;
      if (ok !== true) throw new Error(`"${value}" was rejected by "${q.message}": ${ok}`);
      return value;
    },
    async confirm(q) {
      const s = next(q.message, 'confirm');
      if (!('confirm' in s)) throw new Error(`"${q.message}" is a confirm`);
      if (s.expectDefault !== undefined && s.expectDefault !== q.default)
        throw new Error(`"${q.message}" should default to ${s.expectDefault}`);
      return s.confirm;
    },
  };
}
