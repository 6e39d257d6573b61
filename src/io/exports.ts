/**
 * Reading what Intune and the tools around it export: Graph JSON, IntuneManagement exports (CRLF,
 * OData annotations, often UTF-16), IntuneCD backups (JSON or YAML), Microsoft's framework baselines.
 * The same checks as every file mamx reads (a regular file, bounded), UTF-8 or UTF-16.
 */
import path from 'node:path';
import { CORE_SCHEMA, load as loadYaml, YAMLException } from 'js-yaml';
import { policiesIn, type GraphPolicy } from '../core/intune.js';
import type { Platform } from '../core/types.js';
import { MamxError } from '../errors.js';
import { yamlErrorPosition } from './issues.js';
import { jsonSyntaxError } from './json-scan.js';
import { readTextFile, type ReadSpec } from './read-file.js';

const EXPORT_READ: ReadSpec = { what: 'export', code: 'POLICY_INVALID', missingCode: 'POLICY_MISSING', utf16: true };

/** A file's parsed content: JSON, or YAML for *.yaml / *.yml. */
export function readDocument(file: string): unknown {
  const raw = readTextFile(file, EXPORT_READ).text;
  const text = raw.startsWith('\uFEFF') ? raw.slice(1) : raw;
  if (/\.ya?ml$/i.test(file)) {
    try {
      return loadYaml(text, { schema: CORE_SCHEMA, filename: file });
    } catch (e) {
      if (!(e instanceof YAMLException)) throw e;
      throw new MamxError('POLICY_INVALID', `${file}:${yamlErrorPosition(e)}: not valid YAML: ${e.reason}`);
    }
  }
  const bad = jsonSyntaxError(text, 64);
  if (bad)
    throw new MamxError(
      'POLICY_INVALID',
      `${file}:${bad.line}:${bad.col}: ${bad.duplicate ? `${bad.message}: a later value would silently replace the earlier one` : `not valid JSON: ${bad.message}`}`,
    );
  return JSON.parse(text) as unknown;
}

export interface FoundPolicies {
  policies: Array<GraphPolicy & { file: string }>;
  skipped: string[];
}

export function readExports(files: readonly string[]): FoundPolicies {
  const found: FoundPolicies = { policies: [], skipped: [] };
  for (const file of files) {
    const { policies, skipped } = policiesIn(readDocument(file));
    found.policies.push(...policies.map((p) => ({ ...p, file })));
    found.skipped.push(...skipped.map((s) => `${file}: ${s}`));
  }
  return found;
}

/**
 * One policy per platform: all of them when each platform has one, the one `--policy` names (its
 * display name or id) otherwise; several of a platform without `--policy` is exit 2, listing them.
 */
export function choosePolicies(
  found: FoundPolicies,
  wanted: { platform?: Platform; policy?: string },
): Array<GraphPolicy & { file: string }> {
  let policies = found.policies.filter((p) => !wanted.platform || p.platform === wanted.platform);
  if (wanted.policy !== undefined) {
    policies = policies.filter((p) => p.displayName === wanted.policy || p.id === wanted.policy);
    if (policies.length === 0) {
      const names = found.policies.map(label).join(', ');
      throw new MamxError(
        'NOT_FOUND',
        `no iOS or Android app protection policy named or with the id ${JSON.stringify(wanted.policy)}`,
        names ? `the exports hold: ${names}` : undefined,
      );
    }
  }
  for (const platform of ['ios', 'android'] as const) {
    const of = policies.filter((p) => p.platform === platform);
    if (of.length > 1) {
      throw new MamxError(
        'USAGE',
        `the exports hold ${of.length} ${platform === 'ios' ? 'iOS' : 'Android'} policies: say which with --policy <name or id>`,
        `found: ${of.map(label).join(', ')}`,
      );
    }
  }
  if (policies.length === 0)
    throw new MamxError(
      'POLICY_INVALID',
      'no iOS or Android app protection policy in the export',
      found.skipped.length > 0 ? `skipped: ${found.skipped.join('; ')}` : undefined,
    );
  return policies;
}

function label(p: GraphPolicy & { file: string }): string {
  return `${p.platform} "${p.displayName ?? '(no name)'}"${p.id ? ` (${p.id})` : ''} in ${path.basename(p.file)}`;
}
