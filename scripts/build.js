// Bundles the CLI into dist/ with esbuild: one small file loads faster than hundreds of modules.
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

const common = {
  outdir: 'dist',
  bundle: true,
  splitting: process.env.MAMX_SPLIT !== '0',
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: true,
  sourcemap: false,
  legalComments: 'none',
  // cosmiconfig's TypeScript loader requires typescript lazily; mamx never loads TS configs.
  external: ['typescript'],
  // yaml's ES module build (its "default" export condition): esbuild can tree-shake and split it,
  // where the CommonJS build for Node would be loaded whole on every read.
  alias: { yaml: './node_modules/yaml/browser/index.js' },
  define: { __MAMX_VERSION__: JSON.stringify(version) },
  // Bundled CommonJS dependencies call require() for Node built-ins and read __filename.
  banner: {
    js: "import{createRequire as __cr}from'node:module';import{fileURLToPath as __fu}from'node:url';const require=__cr(import.meta.url),__filename=__fu(import.meta.url),__dirname=__fu(new URL('.',import.meta.url));",
  },
  logLevel: 'warning',
};

await build({ ...common, entryPoints: { mamx: 'src/main.ts' } });
// The schema generator is a build tool, bundled on its own so it shares no chunk with the CLI.
await build({ ...common, entryPoints: { 'gen-schema': 'scripts/gen-schema.ts' }, splitting: false });
