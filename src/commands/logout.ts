/** `mamx logout`: forget the device-code sign-in (the token cache in the user's cache folder). */
import { rmSync, existsSync } from 'node:fs';
import type { Context, GlobalOptions } from '../context.js';
import { EXIT, type ExitCode } from '../errors.js';
import { tokenCacheFile } from '../io/sign-in.js';
import type { Output } from '../ui/output.js';

export function runLogout(_opts: object, _globals: GlobalOptions, ctx: Context, out: Output): Promise<ExitCode> {
  const file = tokenCacheFile(ctx.env, ctx.env.HOME ?? ctx.env.USERPROFILE ?? ctx.cwd);
  const had = existsSync(file);
  rmSync(file, { force: true });
  out.result({ cleared: had, cache: file }, (d, s) =>
    d.cleared ? `${s.green('signed out')}: removed ${d.cache}` : s.gray(`not signed in (no ${d.cache})`),
  );
  return Promise.resolve(EXIT.OK);
}
