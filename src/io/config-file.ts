/**
 * Loading the configuration file that config.ts found and trusts, with cosmiconfig (package.json's
 * "mamx" key, data loaders). cosmiconfig()'s own constructor searches the working folder for a "meta
 * config" and runs a .config/config.js it finds, and merges in loaders for .js/.ts: so mamx builds
 * its Explorer itself, with only data loaders, and never lets it search. No code from the working
 * folder ever runs, and `$import` (which would read files past mamx's checks) is refused.
 */
import path from 'node:path';
import type { Loader } from 'cosmiconfig';
// cosmiconfig's public constructor runs a .config/config.js meta config from the working folder and
// nothing turns that off; its Explorer (private, no exports map) does not. Private, so the version is
// pinned exactly in package.json; test/e2e/cli.test.ts proves the planted scripts never run.
import { Explorer } from 'cosmiconfig/dist/Explorer.js';
import { CORE_SCHEMA, load, YAMLException } from 'js-yaml';
import * as z from 'zod/mini';
import '../core/policy-schema.js'; // sets zod's English messages
import { SEVERITIES } from '../core/types.js';
import { isMamxError, MamxError } from '../errors.js';
import { CONFIG_READ, type Config } from './config.js';
import { describeIssue } from './issues.js';
import { readTextFile } from './read-file.js';

const path_ = z.string().check(z.minLength(1, 'must not be empty'));
const ConfigSchema = z.strictObject({
  policy: z.optional(path_),
  shared: z.optional(path_),
  requireReason: z.optional(z.boolean()),
  requireTicket: z.optional(z.boolean()),
  catalog: z.optional(path_),
  failOn: z.optional(z.enum(SEVERITIES)),
});

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
    const where = e.mark ? `${e.mark.line + 1}:${e.mark.column + 1}` : '1:1';
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
  if (!found) return { file, requireReason: false, requireTicket: false };
  const parsed = ConfigSchema.safeParse(found.config ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new MamxError(
      'CONFIG_INVALID',
      `${found.filepath}: ${issue ? describeIssue(issue) : 'invalid configuration'}`,
      `valid keys: ${Object.keys(ConfigSchema.shape).join(', ')}`,
    );
  }
  const dir = path.dirname(found.filepath);
  const resolve = (p?: string) => (p === undefined ? undefined : path.resolve(dir, p));
  const c = parsed.data;
  return {
    file: found.filepath,
    ...(c.policy && { policy: resolve(c.policy) }),
    ...(c.shared && { shared: resolve(c.shared) }),
    ...(c.catalog && { catalog: resolve(c.catalog) }),
    ...(c.failOn && { failOn: c.failOn }),
    requireReason: c.requireReason ?? false,
    requireTicket: c.requireTicket ?? false,
  };
}

function firstLine(s: string): string {
  return s.split('\n')[0] ?? s;
}
