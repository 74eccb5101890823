#!/usr/bin/env node
// Builds the optional SM2 addon (native/sm2.c) with the node-gyp that ships inside npm,
// offline, against the headers of the running node (`--nodedir`, never a download).
//
// Run by the root "postinstall" script, so it must never fail `npm install`: any missing
// tool or failed build prints one warning and exits 0, and @sufu/gm-crypto then uses its
// pure-TypeScript SM2 backend. It is also fast when nothing changed (a stamp file keyed on
// the sources and the node binary), because postinstall runs on every install.
//
// Usage: node packages/gm-crypto/native/build.mjs [--force]
// Env:   SUFU_GM_NATIVE=0 skips the build (the runtime honours the same switch).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  accessSync,
  constants,
  existsSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const buildDir = join(here, 'build');
const addonPath = join(buildDir, 'Release', 'sufu_gm_sm2.node');
const stampPath = join(buildDir, 'sufu-build-stamp.json');
const force = process.argv.includes('--force');
const started = Date.now();

const log = (msg) => console.log(`[@sufu/gm-crypto] ${msg}`);
const fallback = (why) => {
  console.warn(
    `[@sufu/gm-crypto] warning: native SM2 addon not built (${why}); SM2 will use the pure-TypeScript backend.`,
  );
  process.exit(0);
};

if (process.env.SUFU_GM_NATIVE === '0') {
  log('SUFU_GM_NATIVE=0: skipping the native SM2 build.');
  process.exit(0);
}

// Rebuild only when the sources or the node binary (whose OpenSSL we link against) change.
const stamp = createHash('sha256')
  .update(readFileSync(join(here, 'sm2.c')))
  .update(readFileSync(join(here, 'binding.gyp')))
  .update(readFileSync(fileURLToPath(import.meta.url)))
  .update(`${process.execPath}\0${process.version}\0${process.arch}\0${process.versions.openssl}`)
  .digest('hex');
if (!force && existsSync(addonPath) && existsSync(stampPath)) {
  try {
    if (JSON.parse(readFileSync(stampPath, 'utf8')).stamp === stamp) {
      log(`native SM2 addon is up to date (${Date.now() - started} ms).`);
      process.exit(0);
    }
  } catch {
    // unreadable stamp: rebuild
  }
}

function which(cmd) {
  if (cmd.includes('/')) return isExecutable(cmd) ? cmd : undefined;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && isExecutable(join(dir, cmd))) return join(dir, cmd);
  }
  return undefined;
}
function isExecutable(p) {
  try {
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

if (process.platform === 'win32') fallback('Windows builds are not set up');
// gyp's Makefile compiles .c with $CC and links with $CXX, and node-gyp itself needs Python.
const cc = process.env.CC ?? 'cc';
const cxx = process.env.CXX ?? 'c++';
for (const [tool, what] of [
  [cc, 'C compiler'],
  [cxx, 'C++ driver (used to link)'],
  ['make', 'make'],
]) {
  if (!which(tool.split(' ')[0])) fallback(`no ${what} "${tool}" on PATH`);
}
if (!which('python3') && !which('python') && !process.env.PYTHON) fallback('no Python for node-gyp');

// Headers of *this* node, including its bundled OpenSSL. Official and distro builds install
// them under <prefix>/include/node; without them node-gyp would try to download, which we refuse.
const nodedir = process.env.npm_config_nodedir || dirname(dirname(process.execPath));
for (const header of ['node_api.h', 'openssl/evp.h']) {
  if (!existsSync(join(nodedir, 'include', 'node', header)))
    fallback(`${join(nodedir, 'include', 'node', header)} not found`);
}

function findNodeGyp() {
  const candidates = [];
  if (process.env.npm_config_node_gyp) candidates.push(process.env.npm_config_node_gyp);
  if (process.env.npm_execpath)
    candidates.push(
      join(dirname(process.env.npm_execpath), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
    );
  candidates.push(
    join(
      dirname(process.execPath),
      '..',
      'lib',
      'node_modules',
      'npm',
      'node_modules',
      'node-gyp',
      'bin',
      'node-gyp.js',
    ),
  );
  const npm = which('npm');
  if (npm) {
    try {
      candidates.push(
        join(dirname(realpathSync(npm)), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
      );
    } catch {
      // broken symlink: ignore
    }
  }
  return candidates.find((c) => existsSync(c));
}
const nodeGyp = findNodeGyp();
if (!nodeGyp) fallback("npm's bundled node-gyp not found");

const build = spawnSync(process.execPath, [nodeGyp, 'rebuild', `--nodedir=${nodedir}`], {
  cwd: here,
  encoding: 'utf8',
  timeout: 180_000,
  env: { ...process.env, npm_config_nodedir: nodedir },
});
if (build.status !== 0) {
  const tail = `${build.stdout ?? ''}${build.stderr ?? ''}`.trim().split('\n').slice(-15).join('\n');
  rmSync(buildDir, { recursive: true, force: true });
  console.warn(tail);
  fallback(build.error ? build.error.message : `node-gyp exited with ${build.status}`);
}

// Smoke test in a child process, so a broken addon cannot take this script down: sign and
// verify with the GM/T 0003.5 example key, and verify the standard's published signature.
const smoke = `
const a = require(${JSON.stringify(addonPath)});
const h = (s) => Buffer.from(s, 'hex');
const d = '3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8';
const q = '0409f9df311e5421a150dd7d161e4bc5c672179fad1833fc076bb08ff356f35020ccea490ce26775a52dc6ea718cc1aa600aed05fbf35e084a6632f6072da9ad13';
const pub = a.loadPublicKey(h('3059301306072a8648ce3d020106082a811ccf5501822d034200' + q));
const priv = a.loadPrivateKey(h('308187020100301306072a8648ce3d020106082a811ccf5501822d046d306b0201010420' + d + 'a144034200' + q));
const id = Buffer.from('1234567812345678');
const known = h('3046022100f5a03b0648d2c4630eeac513e1bb81a15944da3827d5b74143ac7eaceee720b3022100b1b6aa29df212fd8763182bc0d421ca1bb9038fd1f7f42d4840b69c485bbc1aa');
const sig = a.sign(priv, id, Buffer.from('smoke'));
const ok = pub && priv && sig &&
  a.verify(pub, id, Buffer.from('message digest'), known) === true &&
  a.verify(pub, id, Buffer.from('message digesT'), known) === false &&
  a.verify(pub, id, Buffer.from('smoke'), sig) === true &&
  a.verify(pub, Buffer.from('other'), Buffer.from('smoke'), sig) === false;
process.exit(ok ? 0 : 3);
`;
const check = spawnSync(process.execPath, ['-e', smoke], { encoding: 'utf8', timeout: 30_000 });
if (check.status !== 0) {
  rmSync(buildDir, { recursive: true, force: true });
  fallback(
    `the built addon failed its smoke test (exit ${check.status}): ${(check.stderr ?? '').trim().split('\n')[0] ?? ''}`,
  );
}

writeFileSync(
  stampPath,
  JSON.stringify(
    { stamp, node: process.version, openssl: process.versions.openssl, builtAt: new Date().toISOString() },
    null,
    2,
  ),
);
log(
  `built native SM2 addon (OpenSSL ${process.versions.openssl} inside node ${process.version}) in ${Date.now() - started} ms.`,
);
