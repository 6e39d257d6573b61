/** What `init` (and the first `add` with no policy file) writes: a commented YAML or a JSON policy. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { policyJsonSchema } from '../core/policy-schema.js';

/**
 * The JSON Schema a new policy file links to, written beside it: `./mam-policy.schema.json` resolves
 * for everyone who opens the file — in a repository, on a share, offline — whatever mamx they run or
 * where it is installed, and it describes the mamx that made the file. `mamx schema` prints it anew.
 */
export const SCHEMA_FILE = 'mam-policy.schema.json';
const SCHEMA_REF = `./${SCHEMA_FILE}`;

/** Writes the schema beside a new policy file, unless one is there already; a failure costs only the link. */
export function writeSchemaBeside(policyFile: string): string | null {
  const file = path.join(path.dirname(policyFile), SCHEMA_FILE);
  try {
    writeFileSync(file, `${JSON.stringify(policyJsonSchema(), null, 2)}\n`, { flag: 'wx', mode: 0o644 });
    return file;
  } catch {
    return null;
  }
}

export function newPolicyYaml(): string {
  return `# yaml-language-server: $schema=${SCHEMA_REF}\n# mamx policy: exceptions to the Intune app protection "Send org data to other apps" setting, and
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

export function newPolicyJson(): string {
  const doc = {
    $schema: SCHEMA_REF,
    version: 1,
    ios: { sendOrgData: 'managedApps', defaults: 'current', dialer: 'allApps', messaging: 'anyApp', exceptions: [] },
    android: { sendOrgData: 'managedApps', dialer: 'allApps', messaging: 'anyApp', exceptions: [] },
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
