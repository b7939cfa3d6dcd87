#!/usr/bin/env node
// Shrinks an 8-bit RGB(A) PNG by an integer factor (box average) into an RGB PNG: how the test images of
// the reference were made from their sources (see README.md).
// Usage: node shrink-image.js SOURCE.png FACTOR OUT.png

'use strict';
const png = require('./png.js');

const [source, factor, out] = process.argv.slice(2);
if (!source || !(Number(factor) >= 1) || !out) {
  console.error('usage: node shrink-image.js SOURCE.png FACTOR OUT.png');
  process.exit(1);
}
const small = png.shrink(png.read(source), Number(factor));
png.write(out, small.width, small.height, small.rgb);
console.log(`${out}: ${small.width}x${small.height}`);
