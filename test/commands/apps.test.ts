import { humanOutput, runIn, tempDir } from '../helpers.js';

describe('apps', () => {
  it('human output, plain and in colour, aligned alike', async () => {
    const { plain, colour } = await humanOutput(['apps', 'zoom']);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatchInlineSnapshot(`
     "ID           NAME             CATEGORY  INTUNE APP  IOS      ANDROID
     zoom         Zoom             meetings  no          zoomus*  us.zoom.videomeetings*
     zoom-intune  Zoom for Intune  meetings  yes         -        us.zoom.videomeetings4intune
     * community-sourced: verify on the store page or vendor docs before relying on it
     "
    `);
    expect(colour.stdout).toMatchInlineSnapshot(`
     "<b>ID           NAME             CATEGORY  INTUNE APP  IOS      ANDROID</>
     zoom         Zoom             meetings  no          zoomus*  us.zoom.videomeetings*
     zoom-intune  Zoom for Intune  meetings  yes         -        us.zoom.videomeetings4intune
     <gray>* community-sourced: verify on the store page or vendor docs before relying on it</>
     "
    `);
  });

  it('--json finds an app by name, scheme or package, with both platforms', async () => {
    for (const [query, ids] of [
      ['Zoom', ['zoom', 'zoom-intune']],
      ['zoomus', ['zoom']],
      ['videomeetings4intune', ['zoom-intune']],
    ] as const) {
      const r = await runIn(['apps', query, '--json'], { cwd: tempDir() });
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout).apps.map((a: { id: string }) => a.id)).toEqual(ids);
    }
  });

  it('a query that matches nothing says so, exit 0', async () => {
    const r = await runIn(['apps', 'no-such-app-anywhere'], { cwd: tempDir(), env: { NO_COLOR: '1' } });
    expect(r).toMatchObject({ code: 0, stdout: expect.stringContaining('no known app matches') });
  });
});
