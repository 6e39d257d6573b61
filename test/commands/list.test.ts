import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fixture, humanOutput, read, runIn, tempDir } from '../helpers.js';

describe('list', () => {
  it('human output, plain and in colour, aligned alike', async () => {
    const { plain, colour } = await humanOutput(['list', '--defaults', '--platform', 'ios'], (cwd) =>
      fixture('team-policy.yaml', cwd, 'mam-policy.yaml'),
    );
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatchInlineSnapshot(`
     "PLATFORM  SEND ORG DATA  RECEIVE  PHONE NUMBERS TO  MESSAGING TO  ALSO
     ios       managedApps    allApps  allApps           anyApp        Default row current, universal links 4 exempted, 48 managed
     mamx answers where org data may go (send); the receive setting is shown for the record.

     PLATFORM  VALUE   NAME                  EXPIRES     SOURCE
     ios       wbx     Cisco Webex Meetings  2027-01-15  <cwd>/mam-policy.yaml:11
     ios       zoomus  Zoom                              <cwd>/mam-policy.yaml:18
     ios       maps    Apple Maps                        <cwd>/mam-policy.yaml:25

     Intune's built-in exemptions:
     PLATFORM  VALUE          NAME             KIND
     ios       skype          Skype            full
     ios       app-settings   Device settings  full
     ios       calshow        Native Calendar  full
     ios       itms           App Store        full
     ios       itmss          App Store        full
     ios       itms-apps      App Store        full
     ios       itms-appss     App Store        full
     ios       itms-services  App Store        full
     "
    `);
    expect(plain.stderr).toMatchInlineSnapshot(`""`);
    expect(colour.stdout).toMatchInlineSnapshot(`
     "<b>PLATFORM  SEND ORG DATA  RECEIVE  PHONE NUMBERS TO  MESSAGING TO  ALSO</>
     ios       managedApps    allApps  allApps           anyApp        Default row current, universal links 4 exempted, 48 managed
     <gray>mamx answers where org data may go (send); the receive setting is shown for the record.</>

     <b>PLATFORM  VALUE   NAME                  EXPIRES     SOURCE</>
     ios       wbx     Cisco Webex Meetings  2027-01-15  <cwd>/mam-policy.yaml:11
     ios       zoomus  Zoom                              <cwd>/mam-policy.yaml:18
     ios       maps    Apple Maps                        <cwd>/mam-policy.yaml:25

     <b>Intune's built-in exemptions:</>
     <b>PLATFORM  VALUE          NAME             KIND</>
     ios       skype          Skype            full
     ios       app-settings   Device settings  full
     ios       calshow        Native Calendar  full
     ios       itms           App Store        full
     ios       itmss          App Store        full
     ios       itms-apps      App Store        full
     ios       itms-appss     App Store        full
     ios       itms-services  App Store        full
     "
    `);
    expect(colour.stderr).toMatchInlineSnapshot(`""`);
  });

  it('lists own and inherited exceptions with their source lines', async () => {
    const cwd = tempDir();
    writeFileSync(path.join(cwd, 'baseline.yaml'), 'version: 1\nandroid:\n  exceptions:\n    - value: com.google.android.apps.maps\n');
    const file = fixture('team-policy.yaml', cwd, 'team.yaml');
    writeFileSync(file, read(file).replace('version: 1\n', 'version: 1\nextends: baseline.yaml\n'));
    const r = await runIn(['list', '--json', '-f', 'team.yaml'], { cwd });
    expect(r.code).toBe(0);
    const data = JSON.parse(r.stdout);
    expect(data.policy).toBe(file);
    expect(data.exceptions.map((e: { value: string; source: string }) => [e.value, e.source])).toEqual([
      ['wbx', `${file}:12`],
      ['zoomus', `${file}:19`],
      ['maps', `${file}:26`],
      ['com.cisco.webex.meetings', `${file}:33`],
      ['com.google.android.apps.maps', `${path.join(cwd, 'baseline.yaml')}:4`],
    ]);
    expect(data.exceptions[0]).toMatchObject({
      platform: 'ios',
      name: 'Cisco Webex Meetings',
      owner: 'mobility@contoso.example',
      warnings: [],
    });
  });

  it('--platform and --defaults', async () => {
    const r = await runIn(['ls', '--platform', 'android', '--defaults', '--json'], { cwd: tempDir() });
    expect(r.code).toBe(0);
    const data = JSON.parse(r.stdout);
    expect(data).toMatchObject({ policy: null, exceptions: [] });
    expect(data.defaults.every((d: { platform: string }) => d.platform === 'android')).toBe(true);
    expect(data.defaults.find((d: { value: string }) => d.value === 'com.android.chrome')).toMatchObject({ kind: 'restricted' });
    expect((await runIn(['ls', '--platform', 'windows'], { cwd: tempDir() })).code).toBe(2);
  });
});
