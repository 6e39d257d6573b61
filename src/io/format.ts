/** A policy file's format follows its name: *.json is JSON, anything else YAML. */
export type PolicyFormat = 'yaml' | 'json';

export function formatOf(file: string): PolicyFormat {
  return /\.json$/i.test(file) ? 'json' : 'yaml';
}
