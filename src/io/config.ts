/**
 * Configuration (SPEC §6): where mamx looks and what it takes. The search is cosmiconfig's, in
 * config-file.ts; this module only decides cheaply whether there is any file for it to find.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Severity } from '../core/types.js';

export const CONFIG_SEARCH_PLACES = [
  'package.json',
  '.mamxrc',
  '.mamxrc.json',
  '.mamxrc.yaml',
  '.mamxrc.yml',
  'mamx.config.json',
  'mamx.config.yaml',
];

export interface Config {
  /** The config file, or null when none was found. */
  file: string | null;
  policy?: string;
  shared?: string;
  requireReason: boolean;
  requireTicket: boolean;
  catalog?: string;
  failOn?: Severity;
}

const GLOBAL_PLACES = ['config', 'config.json', 'config.yaml', 'config.yml', 'config.js', 'config.ts', 'config.cjs', 'config.mjs'];

export const NO_CONFIG: Config = { file: null, requireReason: false, requireTicket: false };

/**
 * The user's config folder as cosmiconfig finds it (env-paths). On Linux that is env-paths' rule,
 * computed here because loading env-paths (and node:os) costs a few ms on every start.
 */
export async function userConfigDir(env: NodeJS.ProcessEnv, home: string): Promise<string> {
  if (process.platform === 'linux') return path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), 'mamx');
  const { default: envPaths } = await import('env-paths');
  return envPaths('mamx', { suffix: '' }).config;
}

/** The folders cosmiconfig's "global" strategy searches: cwd up to the home folder, then the user's. */
function searchDirs(cwd: string, home: string, userDir: string): Array<{ dir: string; places: string[] }> {
  const dirs: Array<{ dir: string; places: string[] }> = [];
  let dir = path.resolve(cwd);
  for (;;) {
    dirs.push({ dir, places: CONFIG_SEARCH_PLACES });
    const parent = path.dirname(dir);
    if (dir === path.resolve(home) || parent === dir) break;
    dir = parent;
  }
  dirs.push({ dir: userDir, places: GLOBAL_PLACES });
  return dirs;
}

/** A file cosmiconfig could read; a package.json only if it has a "mamx" key (cosmiconfig reads no other). */
function isCandidate(file: string): boolean {
  if (!existsSync(file)) return false;
  if (path.basename(file) !== 'package.json') return true;
  try {
    return readFileSync(file, 'utf8').includes('"mamx"');
  } catch {
    return true;
  }
}

export async function loadConfig(cwd: string, env: NodeJS.ProcessEnv): Promise<Config> {
  const home = env.HOME ?? (await import('node:os')).homedir();
  // Loading cosmiconfig costs more than the rest of a `check`: when no file it could read exists,
  // there is nothing for it to find. Otherwise it does the real search.
  const candidates = searchDirs(cwd, home, await userConfigDir(env, home)).some(({ dir, places }) => places.some((p) => isCandidate(path.join(dir, p))));
  if (!candidates) return NO_CONFIG;

  const { searchConfig } = await import('./config-file.js');
  return searchConfig(cwd, home);
}
