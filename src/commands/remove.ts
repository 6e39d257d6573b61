/** `mamx remove` (`rm`): remove exceptions from the policy file; a value not there is exit 2. */
import { planRemove, planRemoveLinks, type LinkList } from '../core/edits.js';
import { DEFAULT_LINKS } from '../core/policy-model.js';
import type { SourcedException } from '../core/types.js';
import type { Context, GlobalOptions } from '../context.js';
import { EXIT, MamxError, type ExitCode } from '../errors.js';
import { loadPolicy } from '../io/effective-policy.js';
import type { Output } from '../ui/output.js';
import { renderChange } from '../ui/render.js';
import { dryRunFields, openSession, ownExceptions, parseLinks, parseTargets, requireTargets, type TargetFlags } from './shared.js';

export interface RemoveOptions extends TargetFlags {
  dryRun?: boolean;
  /** --link is removed from the managed universal links, not the exempted ones. */
  managed?: boolean;
}

export async function runRemove(opts: RemoveOptions, globals: GlobalOptions, ctx: Context, out: Output): Promise<ExitCode> {
  const targets = parseTargets(opts, out);
  const links = parseLinks(opts, out);
  const linkList: LinkList = opts.managed ? 'managed' : 'exempted';
  requireTargets([...targets, ...links], 'remove');
  const session = await openSession(globals, ctx, out);
  const file = session.location.path;
  if (file === null) {
    throw new MamxError(
      'POLICY_MISSING',
      'no policy file found: there is nothing to remove',
      'name one with --file, or run in the folder that holds mam-policy.yaml',
    );
  }
  const { effective } = await loadPolicy(session.location, false);
  const inherited: SourcedException[] = [...effective.ios.exceptions, ...effective.android.exceptions].filter(
    (e) => e.source.file !== file,
  );

  // The parsers and the writer load only for commands that edit.
  const { editPolicyFile } = await import('../io/locked-edit.js');
  const outcome = await editPolicyFile(file, { dryRun: Boolean(opts.dryRun), env: ctx.env }, (loaded) => {
    const exceptions = planRemove(ownExceptions(loaded), inherited, targets);
    const linkPlan = planRemoveLinks(
      loaded.data.ios?.universalLinks?.[linkList],
      DEFAULT_LINKS[linkList].map((l) => l.value),
      links,
      linkList,
    );
    const missingLink = linkPlan.missing[0];
    if (missingLink) {
      throw new MamxError(
        'NOT_FOUND',
        `${missingLink.value} is not one of the ${linkList} universal links of ${file}`,
        missingLink.didYouMean
          ? `did you mean ${missingLink.didYouMean}?`
          : `see mamx list${linkList === 'exempted' ? ', or --managed for the managed list' : ''}`,
      );
    }
    const plan = {
      ops: [...exceptions.ops, ...linkPlan.ops],
      removed: [...exceptions.removed, ...linkPlan.removed],
      missing: exceptions.missing,
    };
    const first = plan.missing[0];
    if (first) {
      const what = `${first.platform} ${first.value}`;
      if (first.inheritedFrom) {
        throw new MamxError(
          'NOT_FOUND',
          `${what} is inherited from ${first.inheritedFrom}, not set in ${file}`,
          `remove it there: mamx remove --file ${first.inheritedFrom} --${first.platform} ${first.value}`,
        );
      }
      throw new MamxError(
        'NOT_FOUND',
        `${what} is not an exception in ${file}`,
        first.didYouMean ? `did you mean ${first.didYouMean}?` : 'see mamx list',
      );
    }
    return plan;
  });
  for (const n of outcome.notices) out.warn(n);
  const result = {
    policy: file,
    changed: outcome.written,
    ...dryRunFields(opts.dryRun, outcome, file),
    removed: outcome.plan.removed,
    warnings: [],
  };
  out.result(result, (d, s) => renderChange('removed', d.removed, Boolean(opts.dryRun), file, s, outcome));
  return EXIT.OK;
}
