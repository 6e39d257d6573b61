/** What `init` (and the first `add` with no policy file) writes: a commented YAML or a JSON policy. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SCHEMA_FILE = 'mam-policy.schema.json';

/** The JSON Schema shipped with this mamx (schema/ at the package root), for editors to validate against. */
export function schemaPath(): string | undefined {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    const candidate = path.join(dir, 'schema', SCHEMA_FILE);
    if (existsSync(candidate)) return candidate;
    dir = path.dirname(dir);
  }
  return undefined;
}

/** How the policy file refers to the schema: relative when they share a tree, else absolute. */
function schemaRef(policyFile: string): string | undefined {
  const schema = schemaPath();
  if (!schema) return undefined;
  const rel = path.relative(path.dirname(policyFile), schema);
  return rel.startsWith('..' + path.sep + '..' + path.sep + '..') || path.isAbsolute(rel) ? schema : rel.split(path.sep).join('/');
}

export function newPolicyYaml(policyFile: string): string {
  const ref = schemaRef(policyFile);
  return `${ref ? `# yaml-language-server: $schema=${ref}\n` : ''}# mamx policy: exceptions to the Intune app protection "Send org data to other apps" setting, and
# the settings that decide them. Every exception lets managed apps (Outlook, Teams, ...) hand org
# data to an unmanaged app: add only apps that don't support Intune APP and that you don't consider a
# data-leak risk. Edit with \`mamx add\` / \`mamx remove\`, or by hand; \`mamx check\` answers from this file.
# Settings use Intune's (Graph's) value names; a setting left out is Intune's default.
version: 1

ios:
  # Send org data to other apps: allApps | managedApps | none. Exceptions apply only under managedApps.
  sendOrgData: managedApps
  # Intune's built-in exemptions (the policy's Default row): current | legacy | none | {custom: "..."}
  defaults: current
  # Transfer telecommunication data to: allApps | managedApps | blocked | {customApp: <scheme>}
  dialer: allApps
  # Transfer messaging data to: anyApp | anyManagedApp | blocked | {specificApps: <scheme>}
  messaging: anyApp
  # URL schemes, e.g. wbx (Webex Meetings). An exception opens URL-scheme launches only.
  # Metadata is optional: name, reason, ticket, owner, added, expires.
  exceptions: []
  # Universal links: left out, they are Microsoft's defaults; \`mamx add --link\` writes them out.

android:
  sendOrgData: managedApps
  # Android's built-in exemptions are always on; they cannot be turned off.
  dialer: allApps
  messaging: anyApp
  # Application IDs, e.g. com.cisco.webex.meetings
  exceptions: []
`;
}

export function newPolicyJson(policyFile: string): string {
  const ref = schemaRef(policyFile);
  const doc = {
    ...(ref && { $schema: ref }),
    version: 1,
    ios: { sendOrgData: 'managedApps', defaults: 'current', dialer: 'allApps', messaging: 'anyApp', exceptions: [] },
    android: { sendOrgData: 'managedApps', dialer: 'allApps', messaging: 'anyApp', exceptions: [] },
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
