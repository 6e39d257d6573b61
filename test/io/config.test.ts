import os from 'node:os';
import envPaths from 'env-paths';
import { userConfigDir } from '../../src/io/config.js';

it("finds the user's config folder where cosmiconfig (env-paths) looks", async () => {
  expect(await userConfigDir(process.env, os.homedir())).toBe(envPaths('mamx', { suffix: '' }).config);
  if (process.platform === 'linux') {
    expect(await userConfigDir({ XDG_CONFIG_HOME: '/x' }, '/h')).toBe('/x/mamx');
    expect(await userConfigDir({}, '/h')).toBe('/h/.config/mamx');
  }
});
