/** Steps every command shares: turning flags into valid targets, and finding and loading the policy. */
import type { Target } from '../core/edits.js';
import { normaliseValue } from '../core/normalise.js';
import type { ExceptionEntry, Platform } from '../core/types.js';
import type { LoadedPolicyFile } from '../io/read-policy.js';
import type { Context, GlobalOptions } from '../context.js';
import { MamxError } from '../errors.js';
import type { Config } from '../io/config.js';
import { loadPolicy, locatePolicy, type LoadedPolicy, type PolicyLocation } from '../io/effective-policy.js';
import type { Output } from '../ui/output.js';

export interface TargetFlags {
  ios?: string[];
  android?: string[];
}

const FLAG: Record<Platform, string> = { ios: '--ios', android: '--android' };

/** Normalises every value; the first invalid one is a usage error (exit 2) and nothing is written. */
export function parseTargets(flags: TargetFlags, out: Output): Target[] {
  const targets: Target[] = [];
  for (const platform of ['ios', 'android'] as const) {
    for (const raw of flags[platform] ?? []) {
      targets.push(parseTarget(platform, raw, out));
    }
  }
  return targets;
}

export function parseTarget(platform: Platform, raw: string, out: Output): Target {
  const n = normaliseValue(platform, raw);
  if (!n.ok) throw new MamxError('INVALID_VALUE', `${FLAG[platform]} ${JSON.stringify(raw)}: ${n.message}`, n.hint);
  for (const note of n.notes) out.note(`${FLAG[platform]} ${raw}: ${note}`);
  return { platform, value: n.value };
}

export function requireTargets(targets: Target[], command: string): void {
  if (targets.length === 0) {
    throw new MamxError(
      'USAGE',
      `${command} needs at least one value`,
      `e.g. mamx ${command} --ios wbx or --android com.cisco.webex.meetings`,
    );
  }
}

export interface Session {
  config: Config;
  location: PolicyLocation;
}

export async function openSession(globals: GlobalOptions, ctx: Context, out: Output): Promise<Session> {
  const { loadConfig } = await import('../io/config.js');
  const config = await loadConfig(ctx.cwd, ctx.env);
  for (const i of config.ignored) out.warn(`ignored the configuration file ${i.file}: ${i.why}`);
  out.debug(`configuration: ${config.file ?? 'none found'}`);
  const location = locatePolicy(globals, config, ctx);
  out.debug(`policy file: ${location.path ?? 'none (the embedded default)'} (from ${location.origin})`);
  return { config, location };
}

/** Loads the effective policy for reading; with no file, says on stderr that the embedded default is used. */
export async function readEffective(session: Session, out: Output, withLines = true): Promise<LoadedPolicy> {
  if (session.location.path === null) {
    out.note("no policy file found: using the embedded default (managedApps with Intune's current defaults)");
  }
  const loaded = await loadPolicy(session.location, withLines);
  for (const n of loaded.notices) out.warn(n);
  return loaded;
}

/** The exceptions a file holds itself (not inherited), per platform, in file order. */
export function ownExceptions(loaded: LoadedPolicyFile): Record<Platform, ExceptionEntry[]> {
  return { ios: loaded.data.ios?.exceptions ?? [], android: loaded.data.android?.exceptions ?? [] };
}
