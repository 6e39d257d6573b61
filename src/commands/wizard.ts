/**
 * `mamx wizard`, and add/remove/check with no target in a terminal: the questions, then the same
 * command path as the flags (a dry run shows the warnings and the exact change, then the write).
 */
import { isoDay } from '../core/dates.js';
import type { Context, GlobalOptions } from '../context.js';
import { EXIT, isMamxError, MamxError, type ExitCode } from '../errors.js';
import type { Output } from '../ui/output.js';
import { createInquirerPrompter } from '../ui/prompts.js';
import { runWizardFlow, type WizardAction } from '../ui/wizard.js';
import { runAdd } from './add.js';
import { runCheck } from './check.js';
import { runRemove } from './remove.js';
import { isInteractive, openCatalog, openSession, readEffective, type Session } from './shared.js';

const FLAGS_HINT =
  'use flags instead: mamx add --ios <scheme> | --android <package> [--reason ...], mamx remove --ios <scheme>, mamx check --ios <scheme>';

/** A person at a terminal: never prompt for scripts, CI or JSON consumers. */
export async function runWizard(action: WizardAction | undefined, globals: GlobalOptions, ctx: Context, out: Output): Promise<ExitCode> {
  if (!isInteractive(globals, ctx)) {
    const why = globals.json ? '--json was given' : ctx.env.CI === 'true' ? 'CI=true' : 'this is not a terminal';
    throw new MamxError('NO_TTY', `the wizard needs a terminal to ask questions (${why})`, FLAGS_HINT);
  }
  const session = await openSession(globals, ctx, out);
  const catalog = openCatalog(session, out);
  const own = action === 'remove' || action === undefined ? await ownEntries(session, out) : [];
  const prompter = ctx.prompter ?? (await createInquirerPrompter(ctx.stdin, ctx.stdout));
  const answer = await runWizardFlow(prompter, {
    ...(action && { action }),
    catalog,
    exceptions: own,
    requirements: session.config,
    today: isoDay(ctx.now()),
  });
  const target = {
    ios: answer.targets.filter((t) => t.platform === 'ios').map((t) => t.value),
    android: answer.targets.filter((t) => t.platform === 'android').map((t) => t.value),
  };
  if (answer.action === 'check') return runCheck(target, globals, ctx, out);

  if (answer.action === 'remove') {
    await runRemove({ ...target, dryRun: true }, globals, ctx, out);
    if (!(await prompter.confirm({ message: 'Remove it from the policy file?', default: true })))
      throw new MamxError('CANCELLED', 'cancelled: nothing was written');
    return runRemove(target, globals, ctx, out);
  }

  const { action: _a, targets, ...meta } = answer;
  const options = { ...target, ...meta };
  await runCheck(target, globals, ctx, out).catch(() => EXIT.OK); // the verdict today, for context
  let force = false;
  try {
    await runAdd({ ...options, dryRun: true }, globals, ctx, out);
  } catch (e) {
    if (!isMamxError(e) || e.code !== 'HIGH_RISK') throw e;
    force = await prompter.confirm({ message: 'This is a high-risk exception. Add it anyway?', default: false });
    if (!force) {
      // A considered no: not an error. Exit 5, as add without --force.
      const values = targets.map((t) => `${t.platform} ${t.value}`).join(', ');
      out.result({ added: [], declined: targets }, (_d, s) => s.yellow(`nothing added: you chose not to add the high-risk ${values}`));
      return EXIT.REFUSED;
    }
    await runAdd({ ...options, dryRun: true, force }, globals, ctx, out);
  }
  if (!(await prompter.confirm({ message: 'Write this change to the policy file?', default: true })))
    throw new MamxError('CANCELLED', 'cancelled: nothing was written');
  return runAdd({ ...options, force }, globals, ctx, out);
}

/** The policy file's own exceptions (not inherited ones: those are removed where they live). */
async function ownEntries(session: Session, out: Output) {
  if (session.location.path === null) return [];
  const { effective } = await readEffective(session, out, false);
  return [...effective.ios.exceptions, ...effective.android.exceptions].filter((e) => e.source.file === effective.file);
}
