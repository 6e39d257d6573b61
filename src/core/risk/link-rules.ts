/** What is risky about a universal link (iOS): a host pattern that matches everything, or an app that moves data elsewhere. */
import riskData from '../../data/risky-values.json' with { type: 'json' };
import { appsForHost, type Catalog } from '../catalog.js';
import type { LinkList } from '../edits.js';
import { hostOf } from '../links.js';
import { DEFAULT_LINKS } from '../policy-model.js';
import { categoryLabel } from './rules.js';
import { bySeverity, type RiskWarning, type Severity } from '../types.js';

const CATEGORIES = riskData.categories as Record<string, { severity: Severity; why: string; source: string } | undefined>;
const LINKS_DOC = 'https://learn.microsoft.com/intune/intune-service/apps/app-protection-policy-settings-ios#universal-links';

export function assessLink(link: string, list: LinkList, catalog: Catalog): RiskWarning[] {
  const out: RiskWarning[] = [];
  const host = hostOf(link);
  // "*", "*.com": nothing but wildcards and a top-level domain.
  if (list === 'exempted' && /^[*.]*([a-z0-9-]+)?$/i.test(host) && host.includes('*')) {
    out.push({
      code: 'broad-link',
      severity: 'high',
      message: `"${link}" matches links to every host: any web link could open in whatever unmanaged app claims it, past "Restrict web content transfer with other apps".`,
      basis: LINKS_DOC,
    });
  }
  const app = host === '' ? undefined : appsForHost(catalog, host.replace(/^\*\.?/, ''))[0];
  const category = app && CATEGORIES[app.category];
  if (list === 'exempted' && app && category) {
    out.push({
      code: 'risky-category',
      severity: category.severity,
      message: `${app.name} owns ${host} and is ${categoryLabel(app.category)} app: ${category.why}.`,
      basis: category.source,
    });
  }
  if (list === 'exempted' && app?.supportsIntuneApp) {
    out.push({
      code: 'supports-intune-app',
      severity: 'medium',
      message: `${app.name} owns ${host} and supports Intune APP: list the link under managed universal links, so it opens in the managed app.`,
      basis: app.source,
    });
  }
  if (DEFAULT_LINKS[list].some((d) => d.value === link)) {
    out.push({ code: 'default-link', severity: 'info', message: `One of Microsoft's default ${list} universal links.`, basis: LINKS_DOC });
  }
  return out.sort(bySeverity);
}
