// Builds the CLI into dist/: one CommonJS bundle (esbuild), not minified (so names stay), with a source
// map, so that `mamx --debug` shows src/ files and real function names. bin/mamx.cjs runs it with a
// V8 code cache that each Node makes for itself on first use (see there). Rarely used parts (the
// writer, the yaml Document API, Inquirer.js, cosmiconfig) are behind dynamic imports, which esbuild
// turns into lazy initialisers inside the one file: their top-level code runs only when used.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
// esbuild is a dev dependency: `npm install --global .` from a fresh clone runs this before any
// `npm ci` has installed it. Say what to do rather than print a stack.
const { build } = await import('esbuild').catch(() => {
  console.error('mamx: building needs the dev dependencies: run `npm ci` in this folder first, then `npm install --global .`');
  process.exit(1);
});

const root = new URL('..', import.meta.url);
const { version } = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
// What tells one build from another (the read cache is bound to it): the version and every source file.
const sources = createHash('sha256').update(version);
for (const name of readdirSync(new URL('src', root), { recursive: true }).sort()) {
  try {
    sources.update(`\0${name}\0`).update(readFileSync(new URL(`src/${name}`, root)));
  } catch (e) {
    if (e.code !== 'EISDIR') throw e;
  }
}
const buildId = `${version}+${sources.digest('hex').slice(0, 16)}`;

const common = {
  absWorkingDir: root.pathname,
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  sourcesContent: false,
  legalComments: 'none',
  // cosmiconfig's TypeScript loader requires typescript lazily; mamx never loads TS configs.
  // @azure/msal-node (575 KB bundled) is a dependency of its own, required only by tenant commands:
  // bundled, it would be read on every start of every command.
  external: ['typescript', '@azure/msal-node'],
  // yaml's ES module build (its "default" export condition) tree-shakes; the CommonJS one does not.
  alias: { yaml: './node_modules/yaml/browser/index.js' },
  logLevel: 'warning',
};

// commander requires node:child_process when it loads, for executable subcommands mamx does not have;
// that module (with net, stream, ...) costs 3 ms of each start (measured: `node -e "require('child_process')"`
// 26.8 ms against `node -e 0` 23.5 ms). It is bundled as a proxy that requires the real one on first use.
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(b) {
    b.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      args.importer.includes('node_modules/commander/') ? { path: 'child_process', namespace: 'lazy' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy' }, () => ({
      contents: 'let real; module.exports = new Proxy({}, { get: (_t, key) => (real ??= require("node:child_process"))[key] });',
      loader: 'js',
    }));
  },
};

await build({
  ...common,
  plugins: [lazyChildProcess],
  entryPoints: ['src/main.ts'],
  outfile: 'dist/mamx.cjs',
  format: 'cjs',
  // import() becomes a lazy require(): the bundle runs in vm.Script, which has no ES module loader.
  supported: { 'dynamic-import': false },
  define: { __MAMX_VERSION__: JSON.stringify(version), __MAMX_BUILD__: JSON.stringify(buildId), 'import.meta.url': '__mamx_url' },
  banner: { js: 'const __mamx_url=require("node:url").pathToFileURL(__filename).href;' },
});
// esbuild escapes every non-ASCII character in code, but not in the comments it keeps (a few of the
// bundled libraries' comments hold “quotes” and ¥). Escaped there too, the bundle is pure ASCII: Node
// reads it as latin1 in 0.5 ms instead of decoding UTF-8 in 4 ms, and V8 keeps a one-byte string.
const out = new URL('dist/mamx.cjs', root);
// eslint-disable-next-line no-control-regex -- the ASCII range, from NUL
const text = readFileSync(out, 'utf8').replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
writeFileSync(out, text);

// The schema generator is a build tool: an ES module of its own.
await build({ ...common, entryPoints: ['scripts/gen-schema.ts'], outfile: 'dist/gen-schema.js', format: 'esm' });
