#!/usr/bin/env node
// The reference for wuton's Inception-v3 Mixed_6c features: runs nsfwjs 4.3.0's model in its own runtime
// (tfjs-layers on tfjs-core's pure JavaScript CPU backend) up to the Keras layer "mixed5" (torchvision's
// Mixed_6c), averages it over space and writes the 768 features of each image. wuton's test
// (InceptionMixed6cTest) runs the converted weights in libtorch on the same images and compares.
//
// Usage: NODE_PATH=TFJS/node_modules node nsfwjs-inception-reference.js PACKAGE_DIR OUT.json IMAGE.png...
//
// Each image (8-bit RGB PNG) is scaled as x / 127.5 - 1 (Keras InceptionV3's preprocessing, wuton's [-1, 1])
// and resized bilinearly to 299x299 with half-pixel centres, which is libtorch's upsample_bilinear2d with
// align_corners = false, the resize wuton's InceptionV3 does.

'use strict';
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const nsfwjs = require('./nsfwjs-package.js');
const png = require('./png.js');

const INPUT_SIZE = 299;
const LAST_LAYER = 'mixed5';
const SIGNIFICANT_DIGITS = 7;

async function main() {
  const [packageDir, outFile, ...images] = process.argv.slice(2);
  if (!packageDir || !outFile || images.length === 0) {
    nsfwjs.fail('usage: node nsfwjs-inception-reference.js PACKAGE_DIR OUT.json IMAGE.png...');
  }
  const tf = require('@tensorflow/tfjs-core');
  require('@tensorflow/tfjs-backend-cpu');
  const tfl = require('@tensorflow/tfjs-layers');
  await tf.setBackend('cpu');

  const {model, manifest, shardBytes, sums} = nsfwjs.load(packageDir);
  const weightData = shardBytes.buffer.slice(shardBytes.byteOffset, shardBytes.byteOffset + shardBytes.length);
  const full = await tfl.loadLayersModel({
    load: async () => ({modelTopology: model.modelTopology, weightSpecs: manifest.weights, weightData}),
  });
  const net = tfl.model({inputs: full.inputs, outputs: full.getLayer(LAST_LAYER).output});

  const results = [];
  for (const file of images) {
    const image = png.read(file);
    const features = tf.tidy(() => {
      // functional ops: tfjs-core alone does not register the chained ones (tensor.div)
      const x = tf.sub(tf.div(tf.tensor4d(Float32Array.from(image.rgb), [1, image.height, image.width, 3]), 127.5), 1);
      const resized = tf.image.resizeBilinear(x, [INPUT_SIZE, INPUT_SIZE], false, true);
      return tf.mean(net.predict(resized), [1, 2]).dataSync();
    });
    results.push({
      file: path.basename(file),
      sha256: crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex'),
      width: image.width,
      height: image.height,
      features: Array.from(features, v => Number(v.toPrecision(SIGNIFICANT_DIGITS))),
    });
    console.log(`${file}: ${features.length} features, mean ${mean(features).toPrecision(6)}`);
  }
  const versions = Object.fromEntries(['tfjs-core', 'tfjs-backend-cpu', 'tfjs-layers'].map(
    p => [p, require(`@tensorflow/${p}/package.json`).version]));
  const out = {
    what: `mean over space of Keras layer ${LAST_LAYER} (torchvision Mixed_6c) of npm ${nsfwjs.PACKAGE}@${nsfwjs.VERSION}`
      + `'s Inception-v3, run by tfjs on its CPU backend`,
    input: `RGB x / 127.5 - 1, resized bilinearly (half-pixel centres) to ${INPUT_SIZE}x${INPUT_SIZE}`,
    runtime: versions,
    sources: sums,
    images: results,
  };
  fs.writeFileSync(outFile, JSON.stringify(out) + '\n');
}

function mean(values) {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

main();
