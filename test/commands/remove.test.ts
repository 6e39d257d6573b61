import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { fixture, humanOutput, read, runIn, tempDir } from '../helpers.js';

describe('remove', () => {
  it('human output, plain and in colour, aligned alike', async () => {
    const { plain, colour } = await humanOutput(['remove', '--ios', 'zoomus'], (cwd) =>
      fixture('team-policy.yaml', cwd, 'mam-policy.yaml'),
    );
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatchInlineSnapshot(`
     "removed in <cwd>/mam-policy.yaml:
       - ios zoomus
     "
    `);
    expect(plain.stderr).toMatchInlineSnapshot(`""`);
    expect(colour.stdout).toMatchInlineSnapshot(`
     "removed in <cwd>/mam-policy.yaml:
       <red>-</> ios zoomus
     "
    `);
    expect(colour.stderr).toMatchInlineSnapshot(`""`);
  });

  it('removes an exception and keeps the rest of the file', async () => {
    const cwd = tempDir();
    const file = fixture('team-policy.yaml', cwd, 'mam-policy.yaml');
    const r = await runIn(['rm', '--ios', 'zoomus', '--json'], { cwd });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ policy: file, changed: true, removed: [{ platform: 'ios', value: 'zoomus' }], warnings: [] });
    const doc = parse(read(file));
    expect(doc.ios.exceptions.map((e: { value: string }) => e.value)).toEqual(['wbx', 'maps']);
    expect(read(file)).toContain('# Navigation');
    const lines = read(file).split('\n');
    expect(lines).not.toContain('    - value: zoomus');
    expect(lines).toContain('    - value: wbx               # Webex: join links from Outlook');
  });

  it('a value that is not there is exit 2 with a did-you-mean, and the file is untouched', async () => {
    const cwd = tempDir();
    const file = fixture('team-policy.yaml', cwd, 'mam-policy.yaml');
    const before = read(file);
    const r = await runIn(['remove', '--ios', 'zoomu'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('did you mean zoomus?');
    expect(read(file)).toBe(before);
  });

  it('an inherited value is refused, naming the file to edit', async () => {
    const cwd = tempDir();
    writeFileSync(path.join(cwd, 'baseline.yaml'), 'version: 1\nios:\n  exceptions:\n    - value: maps\n');
    const file = path.join(cwd, 'mam-policy.yaml');
    writeFileSync(file, 'version: 1\nextends: [baseline.yaml]\nios:\n  exceptions:\n    - value: wbx\n');
    const r = await runIn(['remove', '--ios', 'maps', '--json'], { cwd });
    expect(r.code).toBe(2);
    const err = JSON.parse(r.stderr).error;
    expect(err.code).toBe('NOT_FOUND');
    expect(err.message).toContain(path.join(cwd, 'baseline.yaml'));
  });

  it('with no policy file at all is exit 3', async () => {
    const r = await runIn(['remove', '--ios', 'wbx'], { cwd: tempDir() });
    expect(r.code).toBe(3);
  });
});
