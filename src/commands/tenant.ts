/** What the tenant commands (pull, push, diff --tenant, logout) share: signing in, the Graph client, the bound policies. */
import { closest } from '../core/text-distance.js';
import { COLLECTION } from '../core/intune.js';
import type { PolicyFile } from '../core/policy-schema.js';
import { PLATFORM_LABEL, PLATFORMS, type EffectivePolicy, type Platform } from '../core/types.js';
import { loadPolicy } from '../io/effective-policy.js';
import type { Context } from '../context.js';
import { MamxError } from '../errors.js';
import { graphBaseUrl, graphClient, type GraphClient } from '../io/graph.js';
import { chooseSignIn, tokenCacheFile, tokenIdentity, tokenSource } from '../io/sign-in.js';
import type { Output } from '../ui/output.js';
import type { Session } from './shared.js';

export interface Tenant {
  graph: GraphClient;
  /** Who the token speaks for, and its tenant, for the audit line. */
  identity(): Promise<{ who?: string; tenant?: string }>;
}

export function connect(session: Session, ctx: Context, out: Output, write: boolean, interactive: boolean): Tenant {
  const signIn = chooseSignIn(ctx.env, session.config);
  const home = ctx.env.HOME ?? ctx.env.USERPROFILE ?? ctx.cwd;
  const token = tokenSource(signIn, {
    write,
    interactive,
    tell: (message) => out.note(message),
    cacheFile: tokenCacheFile(ctx.env, home),
    ...(ctx.msal && { msal: ctx.msal }),
  });
  const graph = graphClient({
    baseUrl: graphBaseUrl(ctx.env),
    token,
    permission: `DeviceManagementApps.${write ? 'ReadWrite' : 'Read'}.All`,
  });
  out.debug(`Microsoft Graph: ${graph.baseUrl} (sign-in: ${signIn.kind})`);
  return {
    graph,
    async identity() {
      const id = tokenIdentity(await token());
      return { ...id, ...(!id.tenant && session.config.tenant && { tenant: session.config.tenant }) };
    },
  };
}

/** How the tenant side of a comparison is named. */
export const tenantLabel = (graph: GraphClient): string => `${graph.baseUrl} (the tenant)`;

export interface Bound {
  platform: Platform;
  id: string;
  displayName?: string;
  version?: string;
}

/** The policy file (it must exist), its effective policy, and the tenant policies it is bound to (at least one). */
export async function loadBound(
  session: Session,
  only: Platform | undefined,
  otherwise: string,
): Promise<{ path: string; effective: EffectivePolicy; bound: Bound[] }> {
  const where = session.location.path;
  if (where === null)
    throw new MamxError(
      'POLICY_MISSING',
      `no policy file found: ${otherwise}`,
      'name one with --file, or run mamx pull --policy <name> first',
    );
  const { file, effective } = await loadPolicy(session.location);
  const bound = file ? boundPolicies(file.data, only) : [];
  if (bound.length === 0)
    throw new MamxError('USAGE', `no tenant policy is bound in ${where}`, 'bind one first: mamx pull --policy "<display name or id>"');
  return { path: where, effective, bound };
}

/** The tenant policies a file is bound to (by pull or import), on the platforms asked for. */
export function boundPolicies(data: PolicyFile, only?: Platform): Bound[] {
  return PLATFORMS.filter((p) => !only || p === only).flatMap((platform) => {
    const b = data[platform]?.intune;
    return b?.id
      ? [
          {
            platform,
            id: b.id,
            ...(b.displayName && { displayName: b.displayName }),
            ...(b.version !== undefined && { version: b.version }),
          },
        ]
      : [];
  });
}

/**
 * The tenant policies a display name or id names, on the platforms asked for. More than one of a
 * platform is a usage error (give the id); none is "not found" with the names that come close.
 */
export async function findPolicies(
  graph: GraphClient,
  platforms: readonly Platform[],
  wanted: string,
): Promise<Array<{ platform: Platform; id: string }>> {
  const found: Array<{ platform: Platform; id: string }> = [];
  const names: string[] = [];
  for (const platform of platforms) {
    const all = await graph.list(`${COLLECTION[platform]}?$select=id,displayName`);
    names.push(...all.map((p) => p.displayName).filter((n): n is string => typeof n === 'string'));
    const hits = all.filter((p) => typeof p.id === 'string' && (p.displayName === wanted || p.id === wanted));
    if (hits.length > 1) {
      throw new MamxError(
        'USAGE',
        `${hits.length} ${PLATFORM_LABEL[platform]} policies are named ${JSON.stringify(wanted)}: give the id`,
        `ids: ${hits.map((h) => String(h.id)).join(', ')}`,
      );
    }
    if (hits[0]) found.push({ platform, id: hits[0].id as string });
  }
  if (found.length === 0) throw notFound(platforms.length === 1 ? platforms[0] : undefined, wanted, names);
  return found;
}

/** Not found: the names that hold what was typed, or the closest, else what the tenant has. */
function notFound(platform: Platform | undefined, wanted: string, names: string[]): MamxError {
  const holding = names.filter((n) => n.toLowerCase().includes(wanted.toLowerCase()));
  const near = holding.length > 0 ? holding : [closest(wanted, names)].filter((n) => n !== undefined);
  return new MamxError(
    'GRAPH_NOT_FOUND',
    `no ${platform ? `${PLATFORM_LABEL[platform]} ` : ''}app protection policy named or with the id ${JSON.stringify(wanted)} in the tenant`,
    near.length > 0
      ? `did you mean ${near.map((n) => JSON.stringify(n)).join(' or ')}?`
      : names.length > 0
        ? `the tenant has: ${names.slice(0, 8).join(', ')}${names.length > 8 ? ', ...' : ''}`
        : 'the tenant has none',
  );
}
