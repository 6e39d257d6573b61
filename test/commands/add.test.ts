import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { fixture, humanOutput, read, runIn, tempDir } from '../helpers.js';

describe('add', () => {
  it('human output, plain and in colour, aligned alike', async () => {
    const { plain, colour } = await humanOutput(
      ['add', '--ios', 'slack', 'WBX://', '--android', 'com.whatsapp', '--reason', 'Field chat', '--force', '--dry-run'],
      (cwd) => fixture('team-policy.yaml', cwd, 'mam-policy.yaml'),
    );
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatchInlineSnapshot(`
     "would change <cwd>/mam-policy.yaml (dry run, not written):
     @@ -10,7 +10,7 @@
          # Meetings
          - value: wbx               # Webex: join links from Outlook
            name: Cisco Webex Meetings
     -      reason: Open meeting links from Outlook invitations
     +      reason: Field chat
            ticket: CHG-1234
            owner: mobility@contoso.example
            added: 2026-01-15
     @@ -25,6 +25,9 @@
          - value: maps
            name: Apple Maps
            reason: Addresses in calendar items
     +    - value: slack
     +      reason: Field chat
     +      added: 2026-11-23
      
      android:
        sendOrgData: managedApps
     @@ -32,5 +35,8 @@
          - value: com.cisco.webex.meetings
            name: Cisco Webex Meetings
            ticket: CHG-1234
     +    - value: com.whatsapp
     +      reason: Field chat
     +      added: 2026-11-23
        # Not in the schema: kept on every rewrite.
        x-reviewed-by: security-office
     "
    `);
    expect(plain.stderr).toMatchInlineSnapshot(`
     "--ios WBX://: removed the trailing "://": Intune takes the bare scheme
     --ios WBX://: lower-cased to "wbx": URL schemes are case-insensitive
     android com.whatsapp: high: WhatsApp is a messaging app: a consumer messaging app sends data to people outside the organisation. [risky-category]
     "
    `);
    expect(colour.stdout).toMatchInlineSnapshot(`
     "would change <cwd>/mam-policy.yaml (dry run, not written):
     <cyan>@@ -10,7 +10,7 @@</>
          # Meetings
          - value: wbx               # Webex: join links from Outlook
            name: Cisco Webex Meetings
     <red>-      reason: Open meeting links from Outlook invitations</>
     <green>+      reason: Field chat</>
            ticket: CHG-1234
            owner: mobility@contoso.example
            added: 2026-01-15
     <cyan>@@ -25,6 +25,9 @@</>
          - value: maps
            name: Apple Maps
            reason: Addresses in calendar items
     <green>+    - value: slack</>
     <green>+      reason: Field chat</>
     <green>+      added: 2026-11-23</>
      
      android:
        sendOrgData: managedApps
     <cyan>@@ -32,5 +35,8 @@</>
          - value: com.cisco.webex.meetings
            name: Cisco Webex Meetings
            ticket: CHG-1234
     <green>+    - value: com.whatsapp</>
     <green>+      reason: Field chat</>
     <green>+      added: 2026-11-23</>
        # Not in the schema: kept on every rewrite.
        x-reviewed-by: security-office
     "
    `);
    expect(colour.stderr).toMatchInlineSnapshot(`
     "<gray>--ios WBX://: removed the trailing "://": Intune takes the bare scheme</>
     <gray>--ios WBX://: lower-cased to "wbx": URL schemes are case-insensitive</>
     android com.whatsapp: <red>high:</> WhatsApp is a messaging app: a consumer messaging app sends data to people outside the organisation. <gray>[risky-category]</>
     "
    `);
  });

  it('creates ./mam-policy.yaml when there is no policy file, and says so', async () => {
    const cwd = tempDir();
    const r = await runIn(['add', '--ios', 'wbx', '--name', 'Cisco Webex Meetings', '--reason', 'Meeting links'], { cwd });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('created');
    const doc = parse(read(path.join(cwd, 'mam-policy.yaml')));
    expect(doc.ios.exceptions).toEqual([{ value: 'wbx', name: 'Cisco Webex Meetings', reason: 'Meeting links', added: '2026-11-23' }]);
  });

  it('is idempotent: the second add changes nothing and exits 0', async () => {
    const cwd = tempDir();
    const file = fixture('team-policy.yaml', cwd, 'mam-policy.yaml');
    const before = read(file);
    const r = await runIn(['add', '--ios', 'wbx', '--json'], { cwd });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ policy: file, changed: false, added: [], updated: [], warnings: [] });
    expect(read(file)).toBe(before);
  });

  it('adds to both platforms at once and reports the SPEC §5 JSON shape', async () => {
    const cwd = tempDir();
    const file = fixture('team-policy.yaml', cwd, 'mam-policy.yaml');
    const r = await runIn(['add', '--ios', 'slack', '--android', 'com.Slack', '--ticket', 'CHG-9', '--json'], { cwd });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      policy: file,
      changed: true,
      added: [
        { platform: 'ios', value: 'slack' },
        { platform: 'android', value: 'com.Slack' },
      ],
      updated: [],
      warnings: [
        { platform: 'ios', value: 'slack', code: 'no-reason', severity: 'low', message: expect.stringContaining('No reason') },
        { platform: 'android', value: 'com.Slack', code: 'no-reason', severity: 'low', message: expect.stringContaining('No reason') },
      ],
    });
    const doc = parse(read(file));
    expect(doc.ios.exceptions.at(-1)).toEqual({ value: 'slack', ticket: 'CHG-9', added: '2026-11-23' });
    expect(doc.android.exceptions.at(-1)).toEqual({ value: 'com.Slack', ticket: 'CHG-9', added: '2026-11-23' });
  });

  it('changes nothing in a hand-written YAML file but the lines it adds', async () => {
    const cwd = tempDir();
    const file = fixture('team-policy.yaml', cwd, 'mam-policy.yaml');
    const before = read(file).split('\n');
    expect((await runIn(['add', '--ios', 'slack', '--reason', 'Chat: #general'], { cwd })).code).toBe(0);
    const after = read(file).split('\n');
    expect(after.length - before.length).toBe(3);
    // The new item follows the last iOS exception; every other line is untouched and in order.
    const at = before.indexOf('      reason: Addresses in calendar items') + 1;
    expect(after.slice(at, at + 3)).toEqual(['    - value: slack', '      reason: "Chat: #general"', '      added: 2026-11-23']);
    expect([...after.slice(0, at), ...after.slice(at + 3)]).toEqual(before);
  });

  it('keeps JSON as JSON with its indentation and unknown keys', async () => {
    const cwd = tempDir();
    const file = fixture('team-policy.json', cwd, 'mam-policy.json');
    expect((await runIn(['add', '--android', 'com.cisco.webex.meetings'], { cwd })).code).toBe(0);
    const text = read(file);
    expect(text).toMatch(/^\{\n {4}"version": 1,/);
    expect(text.endsWith('}\n')).toBe(true);
    const doc = JSON.parse(text);
    expect(doc.android['x-custom']).toEqual({ kept: true });
    expect(doc.android.exceptions).toEqual([{ value: 'com.cisco.webex.meetings', added: '2026-11-23' }]);
  });

  it('--dry-run writes nothing', async () => {
    const cwd = tempDir();
    const r = await runIn(['add', '--ios', 'wbx', '--dry-run', '--json'], { cwd });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ changed: false, dryRun: true, added: [{ platform: 'ios', value: 'wbx' }] });
    expect(existsSync(path.join(cwd, 'mam-policy.yaml'))).toBe(false);
  });

  it.each([
    [['add'], /at least one value/],
    [['add', '--ios', 'wbx', '--expires', '2026-02-30'], /not a date/],
    [['add', '--ios', 'wbx', '--expires', '2020-01-01'], /not in the future/],
    [['add', '--ios', 'wbx', '--name', '  '], /non-empty/],
  ])('%j is a usage error (exit 2)', async (args, message) => {
    const cwd = tempDir();
    const r = await runIn(args, { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(existsSync(path.join(cwd, 'mam-policy.yaml'))).toBe(false);
  });

  it('requireReason and requireTicket in the config make the flags mandatory', async () => {
    const cwd = tempDir();
    writeFileSync(path.join(cwd, '.mamxrc.yaml'), 'requireReason: true\nrequireTicket: true\n');
    const noReason = await runIn(['add', '--ios', 'wbx', '--ticket', 'CHG-1'], { cwd });
    expect(noReason.code).toBe(2);
    expect(noReason.stderr).toMatch(/reason is required/);
    const noTicket = await runIn(['add', '--ios', 'wbx', '--reason', 'r'], { cwd });
    expect(noTicket.code).toBe(2);
    expect(noTicket.stderr).toMatch(/ticket is required/);
    expect((await runIn(['add', '--ios', 'wbx', '--reason', 'r', '--ticket', 'CHG-1'], { cwd })).code).toBe(0);
  });
});
