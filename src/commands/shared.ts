/** Steps every command shares: turning flags into valid targets, and finding and loading the policy. */
import type { Target } from '../core/edits.js';
import { normaliseValue } from '../core/normalise.js';
import type { ExceptionEntry, Platform } from '../core/types.js';
import type { LoadedPolicyFile } from '../io/read-policy.js';
import type { Context, GlobalOptions } from '../context.js';
import { EXIT, isMamxError, MamxError, type ExitCode } from '../errors.js';
import { appsForHost, buildCatalog, SHIPPED_APPS, type Catalog } from '../core/catalog.js';
import { normaliseLink } from '../core/links.js';
import { unifiedDiff } from '../core/text-diff.js';
import { loadCatalog } from '../io/catalog.js';
import type { Config } from '../io/config.js';
import { loadPolicy, locatePolicy, type LoadedPolicy, type PolicyLocation } from '../io/effective-policy.js';
import type { Output } from '../ui/output.js';

/** Whether a person can be asked: a terminal on both ends, and neither --json nor CI=true. */
export function isInteractive(globals: GlobalOptions, ctx: Context): boolean {
  if (globals.json || ctx.env.CI === 'true') return false;
  return ctx.interactive ?? Boolean(ctx.stdin.isTTY && ctx.stdout.isTTY);
}

/** Under --dry-run, what a result adds: the marker, and the would-be change as a unified diff of the file. */
export function dryRunFields(
  dryRun: boolean | undefined,
  change: { before: string; after: string },
  file: string,
): { dryRun?: true; diff?: string } {
  return dryRun ? { dryRun: true, diff: unifiedDiff(change.before, change.after, file) } : {};
}

export interface TargetFlags {
  ios?: string[];
  android?: string[];
  /** iOS universal links. */
  link?: string[];
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
  if (!n.ok)
    throw new MamxError('INVALID_VALUE', `${FLAG[platform]} ${JSON.stringify(raw)}: ${n.message}`, webLinkHint(platform, n) ?? n.hint);
  for (const note of n.notes) out.note(`${FLAG[platform]} ${raw}: ${note}`);
  return { platform, value: n.value };
}

/** A pasted web link: the app that owns its host, if mamx knows it, and the universal-link route. */
function webLinkHint(platform: Platform, n: { webHost?: string; message: string }): string | undefined {
  if (!n.webHost) return undefined;
  const apps = appsForHost(buildCatalog(SHIPPED_APPS), n.webHost).filter((a) => a[platform].length > 0);
  const link = platform === 'ios' ? ', or exempt the link itself: mamx add --link <the link>' : '';
  if (apps.length === 0)
    return `a web link opens in the app that owns it: give that app's own ${platform === 'ios' ? 'URL scheme' : 'application ID'} (see mamx apps)${link}`;
  const ids = apps.map((a) => `${a.name}: ${a[platform].map((i) => i.value).join(', ')}`).join('; ');
  return `${n.webHost} belongs to ${ids} (see mamx apps)${link}`;
}

/** Universal links from --link; the first invalid one is a usage error (exit 2). */
export function parseLinks(flags: TargetFlags, out: Output): string[] {
  return (flags.link ?? []).map((raw) => {
    const n = normaliseLink(raw);
    if (!n.ok) throw new MamxError('INVALID_VALUE', `--link ${JSON.stringify(raw)}: ${n.message}`, n.hint);
    for (const note of n.notes) out.note(`--link ${raw}: ${note}`);
    return n.value;
  });
}

export function requireTargets(targets: readonly unknown[], command: string): void {
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
  /** The environment: the user's cache folder, where a large policy text read before is found already read. */
  env?: NodeJS.ProcessEnv;
}

export async function openSession(globals: GlobalOptions, ctx: Context, out: Output): Promise<Session> {
  const { loadConfig } = await import('../io/config.js');
  const config = await loadConfig(ctx.cwd, ctx.env);
  for (const i of config.ignored) out.warn(`ignored the configuration file ${i.file}: ${i.why}`);
  out.debug(`configuration: ${config.file ?? 'none found'}`);
  const location = locatePolicy(globals, config, ctx);
  out.debug(`policy file: ${location.path ?? 'none (the embedded default)'} (from ${location.origin})`);
  return { config, location, env: ctx.env };
}

/** One session per policy file a read command was given (several -f, or a pattern), or the one discovered. */
export async function openSessions(globals: GlobalOptions, ctx: Context, out: Output): Promise<Session[]> {
  const { files, ...one } = globals;
  const first = await openSession(one, ctx, out);
  if (!files) return [first];
  return files.map((file) => ({ ...first, location: { path: file, origin: 'flag' as const } }));
}

/** The worse of two exit codes by the order results are ranked in: a file problem, bad input, a denial, a limit, success. */
const RANK: Partial<Record<ExitCode, number>> = { [EXIT.OK]: 0, [EXIT.LIMITED]: 1, [EXIT.DENIED]: 2, [EXIT.USAGE]: 3, [EXIT.FILE]: 4 };
export const worse = (a: ExitCode, b: ExitCode): ExitCode => ((RANK[b] ?? 9) > (RANK[a] ?? 9) ? b : a);

/**
 * A read command on each of its policy files. With several, a file that cannot be read is reported
 * and the others go on; the worst exit code wins. With one, its error is the command's.
 */
export async function eachPolicy<T>(
  sessions: readonly Session[],
  out: Output,
  run: (session: Session) => Promise<{ value: T; code: ExitCode }>,
): Promise<{ results: Array<{ session: Session; value: T }>; code: ExitCode }> {
  const results: Array<{ session: Session; value: T }> = [];
  let code: ExitCode = EXIT.OK;
  for (const session of sessions) {
    try {
      const r = await run(session);
      results.push({ session, value: r.value });
      code = worse(code, r.code);
    } catch (e) {
      if (sessions.length === 1 || !isMamxError(e)) throw e;
      out.error(e);
      code = worse(code, e.exitCode);
    }
  }
  return { results, code };
}

/** Loads the effective policy for reading; with no file, says on stderr that the embedded default is used. */
export async function readEffective(session: Session, out: Output, withLines = true): Promise<LoadedPolicy> {
  if (session.location.path === null) {
    out.note("no policy file found: using the embedded default (managedApps with Intune's current defaults)");
  }
  const loaded = await loadPolicy(session.location, withLines, session.env);
  for (const n of loaded.notices) out.warn(n);
  return loaded;
}

/** The catalog: mamx's apps and the user's; a user's change that would lower a risk without an override is ignored, with a warning. */
export function openCatalog(session: Session, out: Output): Catalog {
  const catalog = loadCatalog(session.config);
  for (const c of catalog.changes) {
    if (c.override) continue;
    out.warn(
      `ignored in the catalog ${c.user.file ?? ''}: "${c.user.id}" would make ${c.platform} ${c.value} (${c.shipped.name}, ${c.shipped.category}) less risky than mamx knows it; add override: "<why>" to that entry if that is meant`,
    );
  }
  return catalog;
}

/** The exceptions a file holds itself (not inherited), per platform, in file order. */
export function ownExceptions(loaded: LoadedPolicyFile): Record<Platform, ExceptionEntry[]> {
  return { ios: loaded.data.ios?.exceptions ?? [], android: loaded.data.android?.exceptions ?? [] };
}
