/** The catalog a command uses: mamx's own, plus the user's file named by config `catalog`. */
import { buildCatalog, SHIPPED_APPS, type Catalog } from '../core/catalog.js';
import type { Config } from './config.js';

export async function loadCatalog(config: Config): Promise<Catalog> {
  if (!config.catalog) return buildCatalog(SHIPPED_APPS);
  // The parsers load only when there is a user catalog to read.
  const { readUserApps } = await import('./catalog-file.js');
  return buildCatalog(SHIPPED_APPS, readUserApps(config.catalog, config.file));
}
