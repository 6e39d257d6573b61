/**
 * Which policy file a command works on (SPEC §6 discovery order), and the effective policy: the file
 * plus the exceptions it inherits through `extends`, or the embedded default when there is no file.
 */
import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { defaultPlatformPolicy, platformPolicy, type ListedLinks } from '../core/policy-model.js';
import type { EffectivePolicy, Platform, PlatformPolicy, SourcedException } from '../core/types.js';
import { PLATFORMS } from '../core/types.js';
import { exceptionsOf } from '../core/edits.js';
import type { Context, GlobalOptions } from '../context.js';
import { isMamxError, MamxError } from '../errors.js';
import type { Config } from './config.js';
import type { LoadedPolicyFile } from './read-policy.js';

export type PolicyOrigin = 'flag' | 'env' | 'shared' | 'config' | 'cwd' | 'none';

export interface PolicyLocation {
  path: string | null;
  origin: PolicyOrigin;
}

export const DEFAULT_POLICY_NAMES = ['mam-policy.yaml', 'mam-policy.yml', 'mam-policy.json'];

/**
 * Which file: a flag (--file, or --shared: never both) beats the environment (MAMX_POLICY), which
 * beats the configuration (policy), which beats ./mam-policy.yaml|.yml|.json; else none.
 */
export function locatePolicy(opts: GlobalOptions, config: Config, ctx: Context): PolicyLocation {
  if (opts.file && opts.shared) {
    throw new MamxError(
      'USAGE',
      '--file and --shared name two different policy files: give one',
      'mamx --shared ... for the shared file, or --file <path>',
    );
  }
  if (opts.file) return { path: path.resolve(ctx.cwd, opts.file), origin: 'flag' };
  if (opts.shared) {
    const shared = config.shared ?? (ctx.env.MAMX_SHARED_POLICY ? path.resolve(ctx.cwd, ctx.env.MAMX_SHARED_POLICY) : undefined);
    if (!shared) {
      throw new MamxError(
        'NO_SHARED_POLICY',
        '--shared was given but no shared policy file is configured',
        'set "shared" in .mamxrc.yaml or the MAMX_SHARED_POLICY environment variable',
      );
    }
    return { path: shared, origin: 'shared' };
  }
  if (ctx.env.MAMX_POLICY) return { path: path.resolve(ctx.cwd, ctx.env.MAMX_POLICY), origin: 'env' };
  if (config.policy) return { path: config.policy, origin: 'config' };
  for (const name of DEFAULT_POLICY_NAMES) {
    const candidate = path.join(ctx.cwd, name);
    if (existsSync(candidate)) return { path: candidate, origin: 'cwd' };
  }
  return { path: null, origin: 'none' };
}

export interface LoadedPolicy {
  /** The file itself, or undefined for the embedded default. */
  file?: LoadedPolicyFile;
  effective: EffectivePolicy;
  /** Notices about the file and those it extends (file:line: message). */
  notices: string[];
}

/** The policy mamx uses when there is no file: managedApps with Intune's current defaults. */
export function embeddedPolicy(): EffectivePolicy {
  return { file: null, ios: defaultPlatformPolicy('ios'), android: defaultPlatformPolicy('android') };
}

/**
 * `withLines`: fill in each entry's line (costs a second parse of a JSON file; edits don't need it).
 * `env`: the environment, for the read cache in the user's cache folder (none: no cache).
 */
export async function loadPolicy(location: PolicyLocation, withLines = true, env?: NodeJS.ProcessEnv): Promise<LoadedPolicy> {
  if (location.path === null) return { effective: embeddedPolicy(), notices: [] };
  // The parsers load only when there is a file to read.
  const { readPolicyFile } = await import('./read-policy.js');
  const file = await readPolicyFile(location.path, env);
  const notices = file.notices.map((n) => `${file.path}: ${n}`);
  const inherited = await readInherited(file, [file.path], withLines, notices, new Set([identity(file.path)]), env);
  const effective: EffectivePolicy = {
    file: file.path,
    ios: { ...(await settingsOf(file, 'ios', withLines)), exceptions: await ownExceptions(file, 'ios', withLines) },
    android: { ...(await settingsOf(file, 'android', withLines)), exceptions: await ownExceptions(file, 'android', withLines) },
  };
  for (const e of inherited) effective[e.platform].exceptions.push(e);
  return { file, effective, notices };
}

/** A file's own policy, without what it extends: the settings an edit of that file is judged by. */
export function ownPolicy(file: LoadedPolicyFile): EffectivePolicy {
  const unplaced = (list: 'exempted' | 'managed') =>
    file.data.ios?.universalLinks?.[list]?.map((value) => ({ value, source: { file: file.path } }));
  const links: ListedLinks = {
    ...(unplaced('exempted') && { exempted: unplaced('exempted') }),
    ...(unplaced('managed') && { managed: unplaced('managed') }),
  };
  return {
    file: file.path,
    ios: { ...platformPolicy('ios', file.data.ios, links), exceptions: [] },
    android: { ...platformPolicy('android', file.data.android), exceptions: [] },
  };
}

async function ownExceptions(file: LoadedPolicyFile, platform: Platform, withLines: boolean): Promise<SourcedException[]> {
  const lines = withLines ? await file.linesOf(exceptionsOf(platform)) : [];
  return (file.data[platform]?.exceptions ?? []).map((entry, i) => {
    const line = lines[i];
    return { ...entry, platform, source: line === undefined ? { file: file.path } : { file: file.path, line } };
  });
}

async function settingsOf(file: LoadedPolicyFile, platform: Platform, withLines: boolean): Promise<Omit<PlatformPolicy, 'exceptions'>> {
  const section = file.data[platform];
  const links: ListedLinks = {};
  if (platform === 'ios') {
    for (const list of ['exempted', 'managed'] as const) {
      const values = file.data.ios?.universalLinks?.[list];
      if (values === undefined) continue;
      const lines = withLines ? await file.linesOf(['ios', 'universalLinks', list]) : [];
      links[list] = values.map((value, i) => ({
        value,
        source: lines[i] === undefined ? { file: file.path } : { file: file.path, line: lines[i] },
      }));
    }
  }
  return platformPolicy(platform, section, links);
}

/** A file's identity: its real path, so that two routes to one file (../org/base.yaml, a symlink) are one source. */
function identity(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return file;
  }
}

/**
 * Exceptions from `extends`, depth first; a cycle or a missing file is an error showing the chain.
 * A file reached twice (two parents extending one baseline) is read once: `seen` holds the files read.
 */
async function readInherited(
  file: LoadedPolicyFile,
  chain: string[],
  withLines: boolean,
  notices: string[],
  seen: Set<string>,
  env: NodeJS.ProcessEnv | undefined,
): Promise<SourcedException[]> {
  const ext = file.data.extends;
  const parents = ext === undefined ? [] : Array.isArray(ext) ? ext : [ext];
  const out: SourcedException[] = [];
  for (const rel of parents) {
    const parentPath = path.resolve(path.dirname(file.path), rel);
    const shown = [...chain, parentPath].join(' -> ');
    if (chain.includes(parentPath)) throw new MamxError('POLICY_INVALID', `extends forms a cycle: ${shown}`);
    if (seen.has(identity(parentPath))) continue;
    seen.add(identity(parentPath));
    let parent: LoadedPolicyFile;
    const { readPolicyFile } = await import('./read-policy.js');
    try {
      parent = await readPolicyFile(parentPath, env);
    } catch (e) {
      if (isMamxError(e) && e.code === 'POLICY_MISSING') {
        throw new MamxError('POLICY_MISSING', `extended policy file not found: ${shown}`, `fix "extends" in ${file.path}`);
      }
      throw e;
    }
    notices.push(...parent.notices.map((n) => `${parent.path}: ${n}`));
    for (const platform of PLATFORMS) for (const e of await ownExceptions(parent, platform, withLines)) out.push(e);
    for (const e of await readInherited(parent, [...chain, parentPath], withLines, notices, seen, env)) out.push(e);
  }
  return out;
}
