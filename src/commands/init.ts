/** `mamx init`: write a new policy file (commented YAML, or JSON); an existing file is exit 2. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Context, GlobalOptions } from '../context.js';
import { EXIT, MamxError, type ExitCode } from '../errors.js';
import { formatOf } from '../io/format.js';
import { newPolicyJson, newPolicyYaml, SCHEMA_FILE } from '../io/templates.js';
import type { Output } from '../ui/output.js';
import { openSession } from './shared.js';

export interface InitOptions {
  /** Commander allows only yaml or json. */
  format?: 'yaml' | 'json';
}

export async function runInit(opts: InitOptions, globals: GlobalOptions, ctx: Context, out: Output): Promise<ExitCode> {
  const { location } = await openSession(globals, ctx, out);
  // A file named by flag, environment or config is created there; otherwise ./mam-policy.<format>.
  const named = location.origin === 'none' || location.origin === 'cwd' ? null : location.path;
  const format = opts.format ?? (named ? formatOf(named) : 'yaml');
  const file = named ?? path.join(ctx.cwd, `mam-policy.${format}`);
  if (named && formatOf(named) !== format) {
    throw new MamxError('USAGE', `--format ${format} does not match the file name ${named}`, `name the file *.${format}`);
  }
  const { createPolicyFile } = await import('../io/locked-edit.js');
  const text = format === 'json' ? newPolicyJson() : newPolicyYaml();
  await createPolicyFile(file, text, ctx.env, () => (existsSync(file) ? file : location.origin === 'cwd' ? location.path : null));
  out.result(
    { policy: file, created: true, format },
    (d, s) =>
      `${s.green('created')} ${d.policy}; editors check it against ./${SCHEMA_FILE} beside it\nnext: mamx add --ios wbx --name "Cisco Webex Meetings" --reason "..."`,
  );
  return EXIT.OK;
}
