/**
 * The catalog a command uses: mamx's own apps (src/data/known-apps.json), plus the user's catalog
 * file named by config `catalog` (JSON or YAML, validated, each app with a source).
 */
import { CORE_SCHEMA, load } from 'js-yaml';
import { buildCatalog, SHIPPED_APPS, type AppIdentifier, type Catalog, type KnownApp } from '../core/catalog.js';
import { CatalogFileSchema, type CatalogFile } from '../core/catalog-schema.js';
import { validate } from '../core/schema.js';
import { isMamxError, MamxError } from '../errors.js';
import { describeIssue } from './issues.js';
import { readTextFile } from './read-file.js';

import type { Config } from './config.js';

export function loadCatalog(config: Config): Catalog {
  return buildCatalog(SHIPPED_APPS, config.catalog ? readUserApps(config.catalog, config.file) : []);
}

export function readUserApps(file: string, configFile: string | null): KnownApp[] {
  let raw: unknown;
  try {
    raw = load(readTextFile(file, { what: 'catalog', code: 'CONFIG_INVALID' }).text, { schema: CORE_SCHEMA, filename: file });
  } catch (e) {
    if (isMamxError(e)) throw new MamxError(e.code, `catalog ${e.message}`, configFile ? `named by "catalog" in ${configFile}` : undefined);
    const why = (e as Error).message.split('\n')[0];
    throw new MamxError('CONFIG_INVALID', `catalog ${file}: ${why}`, configFile ? `named by "catalog" in ${configFile}` : undefined);
  }
  const issue = validate(CatalogFileSchema, raw);
  if (issue) {
    throw new MamxError(
      'CONFIG_INVALID',
      `catalog ${file}: ${describeIssue(issue)}`,
      issue.hint ?? 'each app needs id, name, category and source; identifiers under ios / android',
    );
  }
  return (raw as CatalogFile).apps.map((a) => {
    const ids = (list: typeof a.ios): AppIdentifier[] =>
      (list ?? []).map((i) =>
        typeof i === 'string'
          ? { value: i, source: a.source, confidence: 'local' }
          : { value: i.value, source: i.source ?? a.source, confidence: i.confidence ?? 'local' },
      );
    return {
      id: a.id,
      name: a.name,
      category: a.category,
      supportsIntuneApp: a.supportsIntuneApp ?? false,
      source: a.source,
      ios: ids(a.ios),
      android: ids(a.android),
      ...(a.links && { links: a.links }),
      ...(a.override && { override: a.override }),
      file,
    };
  });
}
