/** The review of a whole policy: every exception's and link's warnings, and what is wrong across entries. */
import type { Catalog } from '../catalog.js';
import { defaultsFor, INTUNE_DEFAULTS, IOS_DEFAULT_ROW } from '../defaults.js';
import { formatSource } from '../evaluator.js';
import type { Acceptance, EffectivePolicy, Platform, RiskWarning, SourceRef } from '../types.js';
import { bySeverity, PLATFORM_LABEL, PLATFORMS } from '../types.js';
import { matchKey } from '../values.js';
import { assessException, assessValue } from './assess.js';
import { assessLink } from './link-rules.js';
import { shortfalls, type Requirements } from './requirements.js';

export interface Finding extends RiskWarning {
  platform: Platform;
  value: string;
  source?: SourceRef;
  /** A recorded acceptance that holds today: the finding is listed, and `--fail-on` lets it pass. */
  accepted?: Acceptance;
}

export interface AuditInput {
  /** Keys the policy file holds that mamx does not know (kept on rewrite), as "path.to.key". */
  unknownKeys?: ReadonlyArray<{ key: string; file: string }>;
  /** What the team requires of each exception's record (configuration). */
  requirements?: Requirements;
}

const IOS_DOC = 'https://learn.microsoft.com/intune/intune-service/apps/app-protection-policy-settings-ios';

export function auditPolicy(policy: EffectivePolicy, catalog: Catalog, today: string, input: AuditInput = {}): Finding[] {
  const findings: Finding[] = [];
  for (const platform of PLATFORMS) {
    const seen = new Map<string, SourceRef>();
    for (const e of policy[platform].exceptions) {
      const { platform: _p, source, ...entry } = e;
      const holds = e.accepted && today <= e.accepted.until ? e.accepted : undefined;
      const required = shortfalls(entry, input.requirements ?? {}, today);
      const warnings = [
        // "No reason recorded" is a low finding, unless the team requires one: then it is the medium shortfall.
        ...assessException({ platform, value: e.value, entry, policy, catalog, today }).filter(
          (w) => !(w.code === 'no-reason' && required.some((r) => r.field === 'reason')),
        ),
        ...required.map(({ field: _f, short: _s, ...w }) => w),
      ];
      for (const w of warnings) {
        // An acceptance is of the risk, not of the date: an exception past its expiry is renewed, not accepted.
        findings.push({ ...w, platform, value: e.value, source, ...(holds && w.code !== 'expired' && { accepted: holds }) });
      }
      if (e.accepted && !holds) {
        findings.push({
          code: 'acceptance-ended',
          severity: 'medium',
          message: `The risk acceptance by ${e.accepted.by} (${e.accepted.ticket}) ended on ${e.accepted.until}: its findings count again. Review it and accept anew, or remove the exception.`,
          platform,
          value: e.value,
          source,
        });
      }
      const key = matchKey(platform, e.value);
      const first = seen.get(key);
      if (first) {
        findings.push({
          code: 'duplicate',
          severity: 'low',
          message: `Listed more than once (first at ${formatSource(first)}): remove the copy.`,
          platform,
          value: e.value,
          source,
        });
      } else {
        seen.set(key, source);
      }
    }
  }
  for (const platform of PLATFORMS) {
    if (policy[platform].sendOrgData !== 'allApps') continue;
    const moot = policy[platform].exceptions.length;
    findings.push({
      code: 'send-all-apps',
      severity: 'medium',
      message: `The ${PLATFORM_LABEL[platform]} send setting is allApps: managed apps may hand org data to any app${moot > 0 ? `, so the ${moot} exception${moot === 1 ? '' : 's'} mean nothing` : ''}. Exceptions protect only under managedApps.`,
      basis:
        'https://learn.microsoft.com/intune/intune-service/apps/app-protection-policies-exception ("available when you select Policy managed apps")',
      platform,
      value: 'sendOrgData: allApps',
      ...(policy.file && { source: { file: policy.file } }),
    });
  }
  for (const link of policy.ios.universalLinks.exempted) {
    for (const w of assessLink(link.value, 'exempted', catalog)) {
      if (w.severity !== 'info') findings.push({ ...w, platform: 'ios', value: link.value, ...(link.source && { source: link.source }) });
    }
  }
  const defaults = policy.ios.defaults;
  if (defaults === 'legacy') {
    findings.push({
      code: 'legacy-defaults',
      severity: 'medium',
      message:
        'The iOS Default row is the one from before June 15, 2020, with tel;telprompt: Microsoft says to remove them and rely on "Transfer telecommunication data to" once the managed apps that start calls have Intune SDK 12.7.0 or later.',
      basis: `${IOS_DOC} (Data transfer exemptions)`,
      platform: 'ios',
      value: IOS_DEFAULT_ROW.legacy,
    });
  } else if (defaults === 'none') {
    findings.push({
      code: 'no-defaults',
      severity: 'info',
      message:
        'The iOS policy has no Default row: the App Store, Settings and Calendar links Microsoft exempts by default do not open from managed apps.',
      basis: `${IOS_DOC} (Data transfer exemptions)`,
      platform: 'ios',
      value: 'Default',
    });
  } else if (typeof defaults === 'object') {
    // An edited Default row is a list of exemptions: each part added to Microsoft's is judged like one.
    for (const d of defaultsFor('ios', defaults).filter((x) => !INTUNE_DEFAULTS.includes(x))) {
      for (const w of assessValue({ platform: 'ios', value: d.value, catalog, today }))
        findings.push({ ...w, platform: 'ios', value: d.value });
    }
    findings.push({
      code: 'custom-defaults',
      severity: 'info',
      message: `The iOS Default row was edited ("${defaults.custom}"); Microsoft's current one is "${IOS_DEFAULT_ROW.current}". Each part is an exemption: review it like one.`,
      basis: `${IOS_DOC} (Data transfer exemptions)`,
      platform: 'ios',
      value: 'Default',
    });
  }
  for (const change of catalog.changes) {
    if (!change.override) continue;
    findings.push({
      code: 'catalog-override',
      severity: 'medium',
      message: `The catalog ${change.user.file ?? ''} overrides what mamx knows of ${change.value} (${change.shipped.name}, ${change.shipped.category}): it calls it ${change.user.name} (${change.user.category}) because "${change.override}". Warnings about it follow that override.`,
      platform: change.platform,
      value: change.value,
      ...(change.user.file && { source: { file: change.user.file } }),
    });
  }
  for (const u of input.unknownKeys ?? []) {
    findings.push({
      code: 'unknown-key',
      severity: 'info',
      message: `The key "${u.key}" is not one mamx knows: it is kept on every rewrite, but means nothing to mamx (or to Intune).`,
      platform: u.key.startsWith('android') ? 'android' : 'ios',
      value: u.key,
      source: { file: u.file },
    });
  }
  return findings.sort(bySeverity);
}
