/**
 * Configuration (SPEC §6): where mamx looks, and which files it trusts. mamx finds the file itself
 * and hands only that one to cosmiconfig (config-file.ts) to load, so that:
 * - the search stops at the home folder, a repository root or the edge of the working folder's file
 *   system, and never reaches `/` (a `/tmp/.mamxrc.yaml` any local user can write must not steer
 *   every mamx run below /tmp);
 * - a config file owned by another user (root excepted), or that group or others may write, is
 *   ignored with a warning naming it, as git's safe.directory does for repositories;
 * - cosmiconfig is loaded only when there is a file to read: it costs more than a whole `check`.
 */
import { existsSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import type { Severity } from '../core/types.js';
import { readTextFile, type ReadSpec } from './read-file.js';

export const CONFIG_SEARCH_PLACES = [
  'package.json',
  '.mamxrc',
  '.mamxrc.json',
  '.mamxrc.yaml',
  '.mamxrc.yml',
  'mamx.config.json',
  'mamx.config.yaml',
];
/** In the user's own config folder (cosmiconfig's "global" places, data formats only). */
const USER_PLACES = ['config', 'config.json', 'config.yaml', 'config.yml'];

export const CONFIG_READ: ReadSpec = { what: 'configuration file', code: 'CONFIG_INVALID', maxBytes: 1024 * 1024 };
const PACKAGE_READ: ReadSpec = { what: 'package.json', code: 'CONFIG_INVALID' };

export interface IgnoredConfig {
  file: string;
  why: string;
}

export interface Config {
  /** The config file, or null when none was found. */
  file: string | null;
  /** Config files found on the way and not trusted. */
  ignored: IgnoredConfig[];
  policy?: string;
  shared?: string;
  requireReason: boolean;
  requireTicket: boolean;
  catalog?: string;
  failOn?: Severity;
}

export const NO_CONFIG: Config = { file: null, ignored: [], requireReason: false, requireTicket: false };

/**
 * The user's config folder as cosmiconfig finds it (env-paths). On Linux that is env-paths' rule,
 * computed here because loading env-paths (and node:os) costs a few ms on every start.
 */
export async function userConfigDir(env: NodeJS.ProcessEnv, home: string): Promise<string> {
  if (process.platform === 'linux') return path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), 'mamx');
  const { default: envPaths } = await import('env-paths');
  return envPaths('mamx', { suffix: '' }).config;
}

/** The folders searched, nearest first: the working folder upwards, within the stops above. */
export function searchDirs(cwd: string, home: string): string[] {
  const dirs: string[] = [];
  let dir = path.resolve(cwd);
  const device = deviceOf(dir);
  for (;;) {
    dirs.push(dir);
    const parent = path.dirname(dir);
    if (dir === path.resolve(home) || parent === dir || parent === path.parse(parent).root) break;
    if (existsSync(path.join(dir, '.git'))) break;
    if (deviceOf(parent) !== device) break;
    dir = parent;
  }
  return dirs;
}

function deviceOf(dir: string): number | undefined {
  try {
    return statSync(dir).dev;
  } catch {
    return undefined;
  }
}

/** Why a file found in the search must not be used, or null. */
export function distrust(stat: Stats, uid = process.getuid?.()): string | null {
  if (uid === undefined) return null; // Windows: no owners or modes to go by
  if (stat.uid !== uid && stat.uid !== 0) return `it belongs to another user (uid ${stat.uid})`;
  if ((stat.mode & 0o022) !== 0) return `group or others may change it (mode ${(stat.mode & 0o777).toString(8)}); chmod go-w it to use it`;
  return null;
}

interface Found {
  file: string | null;
  ignored: IgnoredConfig[];
}

export async function findConfigFile(cwd: string, env: NodeJS.ProcessEnv, home: string): Promise<Found> {
  const ignored: IgnoredConfig[] = [];
  const userDir = await userConfigDir(env, home);
  const candidates = [
    ...searchDirs(cwd, home).flatMap((dir) => CONFIG_SEARCH_PLACES.map((p) => path.join(dir, p))),
    ...USER_PLACES.map((p) => path.join(userDir, p)),
  ];
  for (const file of candidates) {
    let stat: Stats;
    try {
      stat = statSync(file);
    } catch {
      continue;
    }
    if (stat.isDirectory()) continue;
    // A package.json is configuration only with a "mamx" key (cosmiconfig reads no other).
    if (path.basename(file) === 'package.json' && !(stat.isFile() && readTextFile(file, PACKAGE_READ).text.includes('"mamx"'))) continue;
    const why = distrust(stat);
    if (why) {
      ignored.push({ file, why });
      continue;
    }
    return { file, ignored };
  }
  return { file: null, ignored };
}

export async function loadConfig(cwd: string, env: NodeJS.ProcessEnv): Promise<Config> {
  const home = env.HOME ?? (await import('node:os')).homedir();
  const found = await findConfigFile(cwd, env, home);
  if (found.file === null) return { ...NO_CONFIG, ignored: found.ignored };
  const { readConfigFile } = await import('./config-file.js');
  const { catalog, ...config } = await readConfigFile(found.file);
  // The catalog a config names is trusted on the same terms: it can lower no risk, but it names apps.
  const catalogDistrust = catalog === undefined ? null : distrustPath(catalog);
  if (catalog !== undefined && catalogDistrust)
    found.ignored.push({ file: catalog, why: `${catalogDistrust} (the catalog named by ${found.file})` });
  return { ...config, ...(catalog !== undefined && !catalogDistrust && { catalog }), ignored: found.ignored };
}

function distrustPath(file: string): string | null {
  try {
    const stat = statSync(file);
    return stat.isFile() ? distrust(stat) : null; // not a file at all: reading it says so
  } catch {
    return null; // missing: reading it says so
  }
}
