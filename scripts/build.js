// Builds the CLI into dist/: one CommonJS bundle (esbuild) plus a V8 code cache for it.
// Node 20 has no module.enableCompileCache(); bin/mamx.cjs feeds the cache to vm.Script instead,
// which saves most of the compile time of every start. Parsers and the writer are bundled behind
// dynamic imports, which esbuild turns into lazy initialisers: they run only when a file is read.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url);
const { version } = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
rmSync(new URL('dist', root), { recursive: true, force: true });

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  // MAMX_PROFILE=1 keeps names, for reading CPU profiles.
  minify: !process.env.MAMX_PROFILE,
  legalComments: 'none',
  // cosmiconfig's TypeScript loader requires typescript lazily; mamx never loads TS configs.
  external: ['typescript'],
  // yaml's ES module build (its "default" export condition) tree-shakes; the CommonJS one does not.
  alias: {
    yaml: './node_modules/yaml/browser/index.js',
    // Used only by cosmiconfig's default loaders, which mamx replaces with its own.
    'parse-json': './scripts/stub-unused.cjs',
    'import-fresh': './scripts/stub-unused.cjs',
    'node:child_process': './scripts/lazy-child-process.cjs',
  },
  logLevel: 'warning',
};

// What a `check` never needs is a file of its own, required only when used, so that its code is not
// read and deserialised on every start: the write path (lock, atomic writer), configuration reading
// (cosmiconfig), the user's catalog, the yaml library's Document view (schema-error positions,
// unusual layouts) and Inquirer.js (the wizard). Errors cross these files by brand (isMamxError).
const APART = {
  'edit-policy': 'src/io/edit-policy.ts',
  'config-file': 'src/io/config-file.ts',
  'catalog-file': 'src/io/catalog-file.ts',
  'yaml-document': 'src/io/yaml-document.ts',
  'inquirer-prompts': 'src/ui/inquirer-prompts.ts',
};
const APART_IMPORT = new RegExp(`/(${Object.keys(APART).join('|')})\\.js$`);
const apart = {
  name: 'apart',
  setup(b) {
    b.onResolve({ filter: APART_IMPORT }, (args) => ({ path: `./${APART_IMPORT.exec(args.path)[1]}.cjs`, external: true }));
  },
};
const cjs = {
  ...common,
  format: 'cjs',
  plugins: [apart],
  // import() becomes require(): the bundle runs in vm.Script, which has no ES module loader on Node 20.
  supported: { 'dynamic-import': false },
  define: { __MAMX_VERSION__: JSON.stringify(version), 'import.meta.url': '__mamx_url' },
  banner: { js: 'const __mamx_url=require("node:url").pathToFileURL(__filename).href;' },
};
for (const [name, entry] of Object.entries(APART)) {
  await build({ ...cjs, entryPoints: [entry], outfile: `dist/${name}.cjs` });
}
await build({ ...cjs, entryPoints: ['src/main.ts'], outfile: 'dist/mamx.cjs' });
// The schema generator is a build tool: an ES module of its own.
await build({ ...common, entryPoints: ['scripts/gen-schema.ts'], outfile: 'dist/gen-schema.js', format: 'esm' });

// Produce the code caches by running typical commands once, each file's while it is in use: a check
// (the main bundle), an add with a configuration and a user catalog (the write path, config and
// catalog readers), and a flow-style file with a schema error (the yaml Document view).
const tmp = mkdtempSync(path.join(os.tmpdir(), 'mamx-build-'));
try {
  const put = (name, text) => writeFileSync(path.join(tmp, name), text);
  put('mam-policy.yaml', 'version: 1\nios:\n  exceptions:\n    - value: wbx\n');
  put('flow.yaml', 'version: 1\nios: {sendOrgData: sometimes}\n');
  put('apps.yaml', 'apps:\n  - {id: acme, name: Acme, category: line-of-business, source: build, ios: [acme]}\n');
  put('.mamxrc.yaml', 'catalog: apps.yaml\n');
  const runs = [
    // [arguments, the exit code it must end with]
    [['check', '--ios', 'wbx', 'skype', '--android', 'com.whatsapp'], 1],
    [['add', '--ios', 'acme', '--reason', 'build'], 0],
    [['check', '-f', 'flow.yaml', '--ios', 'wbx'], 3],
  ];
  for (const [args, expected] of runs) {
    const run = spawnSync(process.execPath, [new URL('bin/mamx.cjs', root).pathname, ...args], {
      cwd: tmp,
      env: { ...process.env, HOME: tmp, MAMX_WRITE_CODE_CACHE: '1' },
      encoding: 'utf8',
    });
    if (run.status !== expected) throw new Error(`making the code cache: mamx ${args.join(' ')} exited ${run.status}, not ${expected}: ${run.stderr}`);
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
