import { existsSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { fixture, humanOutput, read, runIn, tempDir } from '../helpers.js';

describe('init', () => {
  it('human output, plain and in colour, aligned alike', async () => {
    const { plain, colour } = await humanOutput(['init']);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatchInlineSnapshot(`
     "created <cwd>/mam-policy.yaml
     next: mamx add --ios wbx --name "Cisco Webex Meetings" --reason "..."
     "
    `);
    expect(plain.stderr).toMatchInlineSnapshot(`""`);
    expect(colour.stdout).toMatchInlineSnapshot(`
     "<green>created</> <cwd>/mam-policy.yaml
     next: mamx add --ios wbx --name "Cisco Webex Meetings" --reason "..."
     "
    `);
    expect(colour.stderr).toMatchInlineSnapshot(`""`);
  });

  it('writes a commented YAML policy that validates and references the schema', async () => {
    const cwd = tempDir();
    const r = await runIn(['init'], { cwd });
    expect(r.code).toBe(0);
    const text = read(path.join(cwd, 'mam-policy.yaml'));
    expect(text).toMatch(/^# yaml-language-server: \$schema=\S+mam-policy\.schema\.json\n/);
    expect(text).toContain('# Send org data to other apps: allApps | managedApps | none');
    expect(parse(text)).toMatchObject({ version: 1, ios: { sendOrgData: 'managedApps', exceptions: [] } });
    expect((await runIn(['list'], { cwd })).code).toBe(0);
  });

  it('--format json', async () => {
    const cwd = tempDir();
    expect((await runIn(['init', '--format', 'json'], { cwd })).code).toBe(0);
    expect(JSON.parse(read(path.join(cwd, 'mam-policy.json')))).toMatchObject({ version: 1, android: { sendOrgData: 'managedApps' } });
  });

  it('an existing file is exit 2 and is left alone', async () => {
    const cwd = tempDir();
    const file = fixture('team-policy.yaml', cwd, 'mam-policy.yaml');
    const before = read(file);
    const r = await runIn(['init'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('already exists');
    expect((await runIn(['init', '--format', 'json'], { cwd })).code).toBe(2);
    expect(existsSync(path.join(cwd, 'mam-policy.json'))).toBe(false);
    expect(read(file)).toBe(before);
  });
});
