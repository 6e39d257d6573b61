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

// Rarely used parts are files of their own, required only when needed, so that their code is not
// read and deserialised on every start: the yaml library's Document view (schema-error positions,
// unusual layouts) and Inquirer.js (the wizard).
const APART = { 'yaml-document': 'src/io/yaml-document.ts', 'inquirer-prompts': 'src/ui/inquirer-prompts.ts' };
for (const [name, entry] of Object.entries(APART)) {
  await build({ ...common, entryPoints: [entry], outfile: `dist/${name}.cjs`, format: 'cjs' });
}
const APART_IMPORT = new RegExp(`/(${Object.keys(APART).join('|')})\\.js$`);
await build({
  ...common,
  plugins: [
    {
      name: 'apart',
      setup(b) {
        b.onResolve({ filter: APART_IMPORT }, (args) => ({ path: `./${APART_IMPORT.exec(args.path)[1]}.cjs`, external: true }));
      },
    },
  ],
  entryPoints: ['src/main.ts'],
  outfile: 'dist/mamx.cjs',
  format: 'cjs',
  // import() becomes require(): the bundle runs in vm.Script, which has no ES module loader on Node 20.
  supported: { 'dynamic-import': false },
  define: { __MAMX_VERSION__: JSON.stringify(version), 'import.meta.url': '__mamx_url' },
  banner: { js: 'const __mamx_url=require("node:url").pathToFileURL(__filename).href;' },
});
// The schema generator is a build tool: an ES module of its own.
await build({ ...common, entryPoints: ['scripts/gen-schema.ts'], outfile: 'dist/gen-schema.js', format: 'esm' });

// Produce the code cache by running a typical command once: reading a policy, checking a target.
const tmp = mkdtempSync(path.join(os.tmpdir(), 'mamx-build-'));
try {
  writeFileSync(path.join(tmp, 'mam-policy.yaml'), 'version: 1\nios:\n  exceptions:\n    - value: wbx\n');
  const args = [new URL('bin/mamx.cjs', root).pathname, 'check', '--ios', 'wbx', 'skype', '--android', 'com.whatsapp'];
  const run = spawnSync(process.execPath, args, { cwd: tmp, env: { ...process.env, HOME: tmp, MAMX_WRITE_CODE_CACHE: '1' }, encoding: 'utf8' });
  // Exit 1: com.whatsapp is denied, as it should be.
  if (run.status !== 1) throw new Error(`making the code cache failed (exit ${run.status}): ${run.stderr}`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
