/** Replaced at build time with package.json's version; the fallback serves tests run from source. */
declare const __MAMX_VERSION__: string | undefined;
export const VERSION: string = typeof __MAMX_VERSION__ === 'string' ? __MAMX_VERSION__ : '0.0.0-dev';

/** The version and a hash of the sources the build was made from; undefined when run from source. */
declare const __MAMX_BUILD__: string | undefined;
export const BUILD: string | undefined = typeof __MAMX_BUILD__ === 'string' ? __MAMX_BUILD__ : undefined;
