/** The review of a whole policy: every exception's warnings, and what is wrong across entries. */
import type { Catalog } from '../catalog.js';
import type { EffectivePolicy, Platform, RiskWarning, SourceRef } from '../types.js';
import { bySeverity, PLATFORMS } from '../types.js';
import { assessException } from './assess.js';

export interface Finding extends RiskWarning {
  platform: Platform;
  value: string;
  source?: SourceRef;
}

export function auditPolicy(policy: EffectivePolicy, catalog: Catalog, today: string): Finding[] {
  const findings: Finding[] = [];
  for (const platform of PLATFORMS) {
    const seen = new Map<string, SourceRef>();
    for (const e of policy[platform].exceptions) {
      const { platform: _p, source, ...entry } = e;
      for (const w of assessException({ platform, value: e.value, entry, policy, catalog, today })) {
        findings.push({ ...w, platform, value: e.value, source });
      }
      const first = seen.get(e.value);
      if (first) {
        findings.push({
          code: 'duplicate',
          severity: 'low',
          message: `Listed more than once (first at ${first.line === undefined ? first.file : `${first.file}:${first.line}`}): remove the copy.`,
          platform,
          value: e.value,
          source,
        });
      } else {
        seen.set(e.value, source);
      }
    }
  }
  if (policy.ios.defaults === 'legacy') {
    findings.push({
      code: 'legacy-defaults',
      severity: 'medium',
      message:
        "The iOS policy uses the pre-2020 default bundle with tel;telprompt: Microsoft says to remove them and use 'Transfer telecommunication data to' instead.",
      basis: 'MicrosoftDocs/memdocs app-protection-policy-settings-ios.md; memdocs PR #484',
      platform: 'ios',
      value: 'tel;telprompt',
    });
  }
  return findings.sort(bySeverity);
}
