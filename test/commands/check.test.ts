import { fixture, humanOutput, runIn, tempDir } from '../helpers.js';

describe('check', () => {
  it('human output, plain and in colour, aligned alike', async () => {
    const { plain, colour } = await humanOutput(
      ['check', '--ios', 'wbx', 'ms-outlook', 'http', '--android', 'com.skype.raider', 'com.whatsapp'],
      (cwd) => fixture('team-policy.yaml', cwd, 'mam-policy.yaml'),
    );
    expect(plain.code).toBe(1);
    expect(plain.stdout).toMatchInlineSnapshot(`
     "allow   ios wbx                   wbx is an exception in <cwd>/mam-policy.yaml:11: managed apps may open it by its URL scheme, not through Open-in/Share or copy/paste
     allow   ios ms-outlook            ms-outlook is a policy-managed app
             medium: Microsoft Outlook supports Intune APP: target it with the app protection policy instead of exempting it. [supports-intune-app]
     deny    ios http                  http is not a managed app, an exception or an Intune default
             high: Exempting "http": every web link would leave for whatever app claims http, past "Restrict web content transfer with other apps", the setting that decides where web links open. [broad-scheme]
     limited android com.skype.raider  com.skype.raider (Skype) is a conditional Intune exemption: The Skype app is allowed only for certain actions that result in a phone call.
     deny    android com.whatsapp      com.whatsapp is not a managed app, an exception or an Intune default
             high: WhatsApp is a messaging app: a consumer messaging app sends data to people outside the organisation. [risky-category]
     "
    `);
    expect(plain.stderr).toMatchInlineSnapshot(`""`);
    expect(colour.stdout).toMatchInlineSnapshot(`
     "<green><b>allow  </></> ios wbx                   wbx is an exception in <cwd>/mam-policy.yaml:11: managed apps may open it by its URL scheme, not through Open-in/Share or copy/paste
     <green><b>allow  </></> ios ms-outlook            ms-outlook is a policy-managed app
             <yellow>medium:</> Microsoft Outlook supports Intune APP: target it with the app protection policy instead of exempting it. <gray>[supports-intune-app]</>
     <red><b>deny   </></> ios http                  http is not a managed app, an exception or an Intune default
             <red>high:</> Exempting "http": every web link would leave for whatever app claims http, past "Restrict web content transfer with other apps", the setting that decides where web links open. <gray>[broad-scheme]</>
     <yellow><b>limited</></> android com.skype.raider  com.skype.raider (Skype) is a conditional Intune exemption: The Skype app is allowed only for certain actions that result in a phone call.
     <red><b>deny   </></> android com.whatsapp      com.whatsapp is not a managed app, an exception or an Intune default
             <red>high:</> WhatsApp is a messaging app: a consumer messaging app sends data to people outside the organisation. <gray>[risky-category]</>
     "
    `);
    expect(colour.stderr).toMatchInlineSnapshot(`""`);
  });

  it.each([
    [['check', '--ios', 'skype'], 0],
    [['check', '--ios', 'wbx'], 1],
    [['check', '--android', 'com.skype.raider'], 4],
    [['check', '--android', 'com.skype.raider', 'com.whatsapp'], 1],
    [['check', '--android', 'com.android.vending', 'com.skype.raider'], 4],
    [['test', '--ios', 'skype', 'calshow'], 0],
  ])('with the embedded default, %j exits %i', async (args, code) => {
    const r = await runIn(args, { cwd: tempDir() });
    expect(r.code).toBe(code);
    expect(r.stderr).toContain('embedded default');
  });

  it('answers from the policy file with the SPEC §5 JSON shape', async () => {
    const cwd = tempDir();
    const file = fixture('team-policy.yaml', cwd, 'mam-policy.yaml');
    const r = await runIn(['check', '--ios', 'wbx', 'ms-outlook', '--android', 'com.whatsapp', '--json'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    const { verdicts } = JSON.parse(r.stdout);
    expect(verdicts).toHaveLength(3);
    expect(verdicts[0]).toEqual({
      platform: 'ios',
      target: 'wbx',
      verdict: 'allow',
      reason: 'exception',
      message: expect.stringContaining(`${file}:11`),
      covers: 'URL-scheme launches only (not Open-in/Share, not copy/paste)',
      source: `${file}:11`,
      matched: 'wbx',
      entry: expect.objectContaining({ value: 'wbx', ticket: 'CHG-1234', expires: '2027-01-15' }),
      warnings: [],
    });
    expect(verdicts[1]).toMatchObject({ target: 'ms-outlook', verdict: 'allow', reason: 'managed-app' });
    expect(verdicts[2]).toMatchObject({ platform: 'android', target: 'com.whatsapp', verdict: 'deny', reason: 'not-exempt' });
  });

  it('normalises targets like the flags of add', async () => {
    const cwd = tempDir();
    fixture('team-policy.yaml', cwd, 'mam-policy.yaml');
    const r = await runIn(['check', '--ios', 'WBX://', '--json'], { cwd });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).verdicts[0].target).toBe('wbx');
  });

  it('an invalid target is exit 2 with a JSON error on stderr and nothing on stdout; a web link points to its app, never to "https"', async () => {
    const r = await runIn(['check', '--ios', 'https://zoom.us/j/1', '--json'], { cwd: tempDir() });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(JSON.parse(r.stderr)).toEqual({
      error: {
        code: 'INVALID_VALUE',
        message: expect.stringContaining('is a web link, not a URL scheme'),
        hint: 'zoom.us belongs to Zoom: zoomus (see mamx apps), or exempt the link itself: mamx add --link <the link>',
      },
    });
  });

  it('-q prints nothing and still sets the exit code', async () => {
    const r = await runIn(['check', '-q', '--ios', 'wbx'], { cwd: tempDir() });
    expect(r).toEqual({ code: 1, stdout: '', stderr: '' });
  });

  it('--stdin: one NDJSON verdict per line, invalid lines reported in place, exit 2 wins over 1', async () => {
    const cwd = tempDir();
    fixture('team-policy.yaml', cwd, 'mam-policy.yaml');
    const input = 'ios wbx\n# a comment\n\nandroid com.whatsapp\nios not a scheme\nwindows x\nandroid com.skype.raider\n';
    const r = await runIn(['check', '--stdin', '--json'], { cwd, stdin: input });
    expect(r.code).toBe(2);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.verdict ?? l.error.code)).toEqual(['allow', 'deny', 'INVALID_VALUE', 'INVALID_LINE', 'limited']);
    expect(lines[2]).toMatchObject({ line: 5, input: 'ios not a scheme' });
    // Every verdict says which line and what was typed: a tidied value is matched back to its input.
    expect(lines[0]).toMatchObject({ line: 1, input: 'ios wbx', target: 'wbx' });
    expect(lines[1]).toMatchObject({ line: 4, input: 'android com.whatsapp' });
    const tidied = await runIn(['check', '--stdin', '--json'], { cwd, stdin: 'ios  WBX://\n' });
    expect(JSON.parse(tidied.stdout)).toMatchObject({ line: 1, input: 'ios  WBX://', target: 'wbx', verdict: 'allow' });
  });

  it.each([
    ['ios wbx\nios skype\n', 0],
    ['ios skype\nandroid com.skype.raider\n', 4],
    ['ios skype\nandroid com.whatsapp\nandroid com.skype.raider\n', 1],
  ])('--stdin %j exits %i', async (input, code) => {
    const cwd = tempDir();
    fixture('team-policy.yaml', cwd, 'mam-policy.yaml');
    expect((await runIn(['check', '--stdin', '-q'], { cwd, stdin: input })).code).toBe(code);
  });

  it('needs a target, and not both --stdin and flags', async () => {
    expect((await runIn(['check'], { cwd: tempDir() })).code).toBe(2);
    expect((await runIn(['check', '--stdin', '--ios', 'wbx'], { cwd: tempDir() })).code).toBe(2);
  });
});
