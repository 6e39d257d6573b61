import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fixture, fixtureText, humanOutput, runIn, tempDir } from '../helpers.js';

describe('audit', () => {
  it('human output, plain and in colour, aligned alike', async () => {
    const { plain, colour } = await humanOutput(['audit'], (cwd) =>
      writeFileSync(
        path.join(cwd, 'mam-policy.yaml'),
        `${readTeam()}    - value: com.whatsapp\n      reason: Field staff\n      expires: 2025-06-30\n`,
      ),
    );
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatchInlineSnapshot(`
     "<cwd>/mam-policy.yaml: 2 high, 0 medium, 1 low, 0 info
     SEVERITY  EXCEPTION                         CODE            SOURCE                                    WHY
     high      android com.whatsapp              risky-category  <cwd>/mam-policy.yaml:35  WhatsApp is a messaging app: a consumer messaging app sends data to people outside the organisation.
     high      android com.whatsapp              expired         <cwd>/mam-policy.yaml:35  Expired on 2025-06-30: Intune knows no dates and still allows it, so review or remove it.
     low       android com.cisco.webex.meetings  no-reason       <cwd>/mam-policy.yaml:32  No reason recorded: a reviewer cannot tell why org data may go to this app.
     "
    `);
    expect(colour.stdout).toMatchInlineSnapshot(`
     "<cwd>/mam-policy.yaml: <red>2 high</>, <yellow>0 medium</>, <cyan>1 low</>, <gray>0 info</>
     <b>SEVERITY  EXCEPTION                         CODE            SOURCE                                    WHY</>
     <red>high</>      android com.whatsapp              risky-category  <cwd>/mam-policy.yaml:35  WhatsApp is a messaging app: a consumer messaging app sends data to people outside the organisation.
     <red>high</>      android com.whatsapp              expired         <cwd>/mam-policy.yaml:35  Expired on 2025-06-30: Intune knows no dates and still allows it, so review or remove it.
     <cyan>low</>       android com.cisco.webex.meetings  no-reason       <cwd>/mam-policy.yaml:32  No reason recorded: a reviewer cannot tell why org data may go to this app.
     "
    `);
  });

  it('--json: counts and findings with file:line; --fail-on decides the exit code', async () => {
    const cwd = tempDir();
    fixture('expired-policy.yaml', cwd, 'mam-policy.yaml');
    const r = await runIn(['audit', '--json'], { cwd });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ policy: path.join(cwd, 'mam-policy.yaml'), counts: { high: 1, medium: 0, low: 0, info: 0 } });
    expect(report.findings).toEqual([
      expect.objectContaining({
        code: 'expired',
        severity: 'high',
        platform: 'ios',
        value: 'zoomus',
        source: `${path.join(cwd, 'mam-policy.yaml')}:4`,
      }),
    ]);
    expect((await runIn(['audit', '--fail-on', 'high'], { cwd })).code).toBe(1);
    expect((await runIn(['audit', '--fail-on', 'bogus'], { cwd })).code).toBe(2);
  });

  it('the config key failOn applies when the flag is not given', async () => {
    const cwd = tempDir();
    fixture('expired-policy.yaml', cwd, 'mam-policy.yaml');
    writeFileSync(path.join(cwd, '.mamxrc.yaml'), 'failOn: high\n');
    expect((await runIn(['audit', '-q'], { cwd })).code).toBe(1);
  });
});

function readTeam(): string {
  return fixtureText('team-policy.yaml').replace(/\n {2}# Not in the schema[\s\S]*$/, '\n');
}
