/**
 * Configuration (SPEC §6): where mamx looks, which files it trusts, and what they say. One reader:
 * - The search is mamx's own, because it must look before it reads: cosmiconfig's search reads each
 *   candidate with fs.readFile before any loader sees it (a FIFO named .mamxrc hangs it, /dev/zero
 *   eats the memory), and its public constructor runs a `.config/config.js` meta config from the
 *   working folder, which nothing turns off. The search stops at the home folder, a repository root
 *   or the edge of the working folder's file system, never at `/` (a `/tmp/.mamxrc.yaml` any local
 *   user can write must not steer every mamx run below /tmp); a file owned by another user (root
 *   excepted), or that group or others may write, is ignored with a warning naming it, as git's
 *   safe.directory does for repositories.
 * - The one file found is loaded by cosmiconfig's Explorer (package.json's "mamx" key, loaders by
 *   extension) with data loaders only, and never searches: no code from the working folder runs, and
 *   `$import` (which would read files past these checks) is refused. It loads only when there is a
 *   file to read.
 */
import { existsSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import type { Loader } from 'cosmiconfig';
import { CORE_SCHEMA, load, YAMLException } from 'js-yaml';
import { s, validate, type Infer } from '../core/schema.js';
import { SEVERITIES, type Severity } from '../core/types.js';
import { isMamxError, MamxError } from '../errors.js';
import { describeIssue, yamlErrorPosition } from './issues.js';
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
  requireOwner: boolean;
  requireExpiry: boolean;
  /** The longest an exception may run, from added (or today) to expires. */
  maxLifetimeDays?: number;
  catalog?: string;
  failOn?: Severity;
  /** Microsoft Graph: the admin's own app registration and its tenant (id or domain). */
  clientId?: string;
  tenant?: string;
}

export const NO_CONFIG: Config = {
  file: null,
  ignored: [],
  requireReason: false,
  requireTicket: false,
  requireOwner: false,
  requireExpiry: false,
};

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

// --- loading the file found ---------------------------------------------------------------------

const path_ = s.string({ minLength: 1 });
const ConfigSchema = s.object(
  {
    policy: s.optional(path_),
    shared: s.optional(path_),
    requireReason: s.optional(s.boolean()),
    requireTicket: s.optional(s.boolean()),
    requireOwner: s.optional(s.boolean()),
    requireExpiry: s.optional(s.boolean()),
    maxLifetimeDays: s.optional(
      s.integer({ minimum: 1, maximum: 3650, description: 'The longest an exception may run, from added to expires' }),
    ),
    catalog: s.optional(path_),
    failOn: s.optional(s.enum(SEVERITIES)),
    clientId: s.optional(
      s.string({
        pattern: /^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$/i,
        patternMessage: 'expected the application (client) ID of your app registration, a GUID',
      }),
    ),
    tenant: s.optional(s.string({ minLength: 1, description: 'Directory (tenant) ID or a verified domain, e.g. contoso.onmicrosoft.com' })),
  },
  { unknownKeys: 'reject' },
);

const refuseCode: Loader = (filepath) => {
  throw new MamxError('CONFIG_INVALID', `${filepath}: mamx does not run code configuration files`, 'use .mamxrc.yaml or .mamxrc.json');
};

/** YAML (and so JSON, its subset) with the file:line:column of the first error. */
const loadData: Loader = (filepath, content) => {
  let data: unknown;
  try {
    data = load(content, { schema: CORE_SCHEMA, filename: filepath });
  } catch (e) {
    if (!(e instanceof YAMLException)) throw e;
    const where = yamlErrorPosition(e);
    throw new MamxError('CONFIG_INVALID', `${filepath}:${where}: ${e.reason}`);
  }
  if (typeof data === 'object' && data !== null && Object.hasOwn(data, '$import')) {
    throw new MamxError(
      'CONFIG_INVALID',
      `${filepath}: $import: mamx does not import other configuration files`,
      'put the keys in this file',
    );
  }
  return data;
};

export async function readConfigFile(file: string): Promise<Omit<Config, 'ignored'>> {
  // The same checks as every file mamx reads (a regular file, bounded, UTF-8) before cosmiconfig reads it.
  readTextFile(file, CONFIG_READ);
  // mamx's own data loaders replace cosmiconfig's; none exists for code.
  const loaders = {
    '.json': loadData,
    '.yaml': loadData,
    '.yml': loadData,
    noExt: loadData,
    '.js': refuseCode,
    '.cjs': refuseCode,
    '.mjs': refuseCode,
    '.ts': refuseCode,
    '.cts': refuseCode,
    '.mts': refuseCode,
  };
  // cosmiconfig's Explorer is private (no exports map, untyped): the version is pinned exactly in
  // package.json, and test/e2e/cli.test.ts proves that the planted scripts never run.
  const { Explorer } = await import('cosmiconfig/dist/Explorer.js');
  const explorer = new Explorer({
    moduleName: 'mamx',
    searchPlaces: [],
    ignoreEmptySearchPlaces: true,
    cache: false,
    transform: (r) => r,
    loaders,
    metaConfigFilePath: null,
    mergeImportArrays: true,
    mergeSearchPlaces: false,
    searchStrategy: 'none',
  });
  let found: { config: unknown; filepath: string } | null;
  try {
    found = await explorer.load(file);
  } catch (e) {
    if (isMamxError(e)) throw e;
    const err = e as Error & { mark?: { line: number; column: number }; filepath?: string };
    throw new MamxError('CONFIG_INVALID', `configuration file is malformed: ${firstLine(err.message)}`, 'fix or remove the file');
  }
  if (!found) return { ...NO_CONFIG, file };
  const config = found.config ?? {};
  const issue = validate(ConfigSchema, config);
  if (issue) throw new MamxError('CONFIG_INVALID', `${found.filepath}: ${describeIssue(issue)}`, issue.hint);
  const dir = path.dirname(found.filepath);
  const resolve = (p?: string) => (p === undefined ? undefined : path.resolve(dir, p));
  const c = config as Infer<typeof ConfigSchema>;
  return {
    file: found.filepath,
    ...(c.policy && { policy: resolve(c.policy) }),
    ...(c.shared && { shared: resolve(c.shared) }),
    ...(c.catalog && { catalog: resolve(c.catalog) }),
    ...(c.failOn && { failOn: c.failOn }),
    ...(c.clientId && { clientId: c.clientId }),
    ...(c.tenant && { tenant: c.tenant }),
    requireReason: c.requireReason ?? false,
    requireTicket: c.requireTicket ?? false,
    requireOwner: c.requireOwner ?? false,
    requireExpiry: c.requireExpiry ?? false,
    ...(c.maxLifetimeDays !== undefined && { maxLifetimeDays: c.maxLifetimeDays }),
  };
}

function firstLine(s: string): string {
  return s.split('\n')[0] ?? s;
}
