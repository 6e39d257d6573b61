import { existsSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { fixture, humanOutput, read, ROOT, runIn, tempDir } from '../helpers.js';

describe('init', () => {
  it('human output, plain and in colour, aligned alike', async () => {
    const { plain, colour } = await humanOutput(['init']);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatchInlineSnapshot(`
     "created <cwd>/mam-policy.yaml; editors check it against ./mam-policy.schema.json beside it
     next: mamx add --ios wbx --name "Cisco Webex Meetings" --reason "..."
     "
    `);
    expect(plain.stderr).toMatchInlineSnapshot(`""`);
    expect(colour.stdout).toMatchInlineSnapshot(`
     "<green>created</> <cwd>/mam-policy.yaml; editors check it against ./mam-policy.schema.json beside it
     next: mamx add --ios wbx --name "Cisco Webex Meetings" --reason "..."
     "
    `);
    expect(colour.stderr).toMatchInlineSnapshot(`""`);
  });

  it('writes a commented YAML policy that validates and links the schema written beside it, for whoever opens it', async () => {
    const cwd = tempDir();
    const r = await runIn(['init'], { cwd });
    expect(r.code).toBe(0);
    const text = read(path.join(cwd, 'mam-policy.yaml'));
    expect(text).toMatch(/^# yaml-language-server: \$schema=\.\/mam-policy\.schema\.json\n/);
    // The link resolves in the file's own folder, and the policy validates against what it links to.
    const schema = JSON.parse(read(path.join(cwd, 'mam-policy.schema.json'))) as object;
    expect(schema).toEqual(JSON.parse(read(path.join(ROOT, 'schema', 'mam-policy.schema.json'))));
    const { Ajv2020 } = await import('ajv/dist/2020.js');
    const ajv = new Ajv2020({ strict: false });
    const addFormats = (await import('ajv-formats')).default as unknown as (a: typeof ajv) => void;
    addFormats(ajv);
    expect(ajv.validate(schema, parse(text))).toBe(true);
    expect(ajv.validate(schema, { ...(parse(text) as object), version: 2 })).toBe(false);
    expect(text).toContain('# Send org data to other apps: allApps | managedApps | none');
    expect(parse(text)).toMatchObject({ version: 1, ios: { sendOrgData: 'managedApps', exceptions: [] } });
    expect((await runIn(['list'], { cwd })).code).toBe(0);
  });

  it('--format json', async () => {
    const cwd = tempDir();
    expect((await runIn(['init', '--format', 'json'], { cwd })).code).toBe(0);
    expect(JSON.parse(read(path.join(cwd, 'mam-policy.json')))).toMatchObject({
      $schema: './mam-policy.schema.json',
      version: 1,
      android: { sendOrgData: 'managedApps' },
    });
    expect(existsSync(path.join(cwd, 'mam-policy.schema.json'))).toBe(true);
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
