// Reads nsfwjs 4.3.0's Inception-v3 from the unpacked npm package: the tfjs model.json and the weight bytes,
// both embedded in UMD JavaScript wrappers (model.min.js exports the JSON object, each shard a base64 string).
// Shared by the converter and the reference run.

'use strict';
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const vm = require('vm');

const PACKAGE = 'nsfwjs';
const VERSION = '4.3.0';
const MODEL_DIR = 'dist/models/inception_v3';
const MODEL_FILE = 'model.min.js';
const SHARDS = 6;

function fail(message) {
  console.error(path.basename(process.argv[1]) + ': ' + message);
  process.exit(1);
}

/**
 * Evaluates a UMD wrapper in an empty vm context (no require, no file system, no process) and returns what it
 * exports: the wrappers only build a JSON object or a string. Objects are copied into this realm through JSON
 * (exact for numbers), since tfjs tests `instanceof Array`, which arrays of another context fail.
 */
function umdExport(file) {
  const module = {exports: {}};
  vm.runInNewContext(fs.readFileSync(file, 'utf8'), {module, exports: module.exports}, {filename: file});
  const exported = module.exports;
  return typeof exported === 'string' ? exported : JSON.parse(JSON.stringify(exported));
}

function sha256(file) {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/**
 * The package's Inception-v3: {model (modelTopology, weightsManifest), manifest (the one weight group),
 * shardBytes (the shards' bytes, concatenated in order), sums (sha256 of each source file)}.
 */
function load(packageDir) {
  const pkg = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
  if (pkg.name !== PACKAGE || pkg.version !== VERSION) {
    fail(`${packageDir}: is ${pkg.name}@${pkg.version}, expected ${PACKAGE}@${VERSION}`);
  }
  const dir = path.join(packageDir, MODEL_DIR);
  const shards = Array.from({length: SHARDS}, (_, i) => `group1-shard${i + 1}of${SHARDS}.min.js`);
  const sums = Object.fromEntries([MODEL_FILE, ...shards].map(f => [f, sha256(path.join(dir, f))]));
  const model = umdExport(path.join(dir, MODEL_FILE));
  const groups = model.weightsManifest;
  if (groups.length !== 1 || groups[0].paths.length !== SHARDS) {
    fail(`expected one weight group of ${SHARDS} shards`);
  }
  const shardBytes = Buffer.concat(shards.map(f => Buffer.from(umdExport(path.join(dir, f)), 'base64')));
  return {model, manifest: groups[0], shardBytes, sums};
}

module.exports = {PACKAGE, VERSION, MODEL_DIR, fail, load};
