// cosmiconfig 9 ships Explorer without types (its .d.ts is empty); this is the part mamx uses.
declare module 'cosmiconfig/dist/Explorer.js' {
  import type { CosmiconfigResult, Loaders } from 'cosmiconfig';
  export class Explorer {
    constructor(options: {
      moduleName: string;
      searchPlaces: string[];
      ignoreEmptySearchPlaces: boolean;
      cache: boolean;
      transform: (r: CosmiconfigResult) => CosmiconfigResult;
      loaders: Loaders;
      metaConfigFilePath: null;
      mergeImportArrays: boolean;
      mergeSearchPlaces: boolean;
      searchStrategy: 'none' | 'project' | 'global';
      stopDir?: string;
    });
    load(filepath: string): Promise<CosmiconfigResult>;
  }
}
