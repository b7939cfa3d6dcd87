#!/usr/bin/env node
// Converts the frozen ImageNet part of nsfwjs 4.3.0's Inception-v3 (a tfjs layers model of Keras 2.2.4's
// InceptionV3) into a safetensors file with torchvision's Inception3 names: the stem and Mixed_5b .. Mixed_6c
// (Keras: up to the concatenation "mixed5"). The later layers were fine-tuned to nsfwjs's 5 classes and are
// not written. See README.md beside this file for how to run it and what the file holds.
//
// Usage: node nsfwjs-inception.js PACKAGE_DIR OUT.safetensors
//   PACKAGE_DIR: the unpacked npm package (the folder holding package.json and dist/).
//
// No dependencies beyond node itself. The package's UMD wrappers are evaluated in an empty vm context (no
// require, no file system): they only build a JSON object or a base64 string.

'use strict';
const fs = require('fs');
const nsfwjs = require('./nsfwjs-package.js');

const BN_EPSILON = 0.001;
const ALIGNMENT = 8;

// torchvision's Inception3 convolutions in state-dict order: name, out, in, kernel (h, w), stride, padding (h, w).
// This is the layout the Keras graph must match, conv by conv; the converter checks every field.
function conv(name, out, inp, kh, kw, stride = 1, ph = Math.floor(kh / 2), pw = Math.floor(kw / 2)) {
  return {name, out, in: inp, kh, kw, stride, ph, pw};
}
const valid = (name, out, inp, k, stride) => conv(name, out, inp, k, k, stride, 0, 0);

const STEM = [
  valid('Conv2d_1a_3x3', 32, 3, 3, 2),
  valid('Conv2d_2a_3x3', 32, 32, 3, 1),
  conv('Conv2d_2b_3x3', 64, 32, 3, 3),
  // max pool 3x3 / 2
  conv('Conv2d_3b_1x1', 80, 64, 1, 1),
  valid('Conv2d_4a_3x3', 192, 80, 3, 1),
  // max pool 3x3 / 2
];
const STEM_PATTERN = 'CCCPCCP';

// A block's branches in concatenation order; each branch: [pool or null, convs...].
function inceptionA(inp, poolFeatures) {
  return [
    [null, conv('branch1x1', 64, inp, 1, 1)],
    [null, conv('branch5x5_1', 48, inp, 1, 1), conv('branch5x5_2', 64, 48, 5, 5)],
    [null, conv('branch3x3dbl_1', 64, inp, 1, 1), conv('branch3x3dbl_2', 96, 64, 3, 3), conv('branch3x3dbl_3', 96, 96, 3, 3)],
    ['average', conv('branch_pool', poolFeatures, inp, 1, 1)],
  ];
}

function inceptionB(inp) {
  return [
    [null, valid('branch3x3', 384, inp, 3, 2)],
    [null, conv('branch3x3dbl_1', 64, inp, 1, 1), conv('branch3x3dbl_2', 96, 64, 3, 3), valid('branch3x3dbl_3', 96, 96, 3, 2)],
    ['max'],
  ];
}

function inceptionC(inp, c7) {
  return [
    [null, conv('branch1x1', 192, inp, 1, 1)],
    [null, conv('branch7x7_1', c7, inp, 1, 1), conv('branch7x7_2', c7, c7, 1, 7), conv('branch7x7_3', 192, c7, 7, 1)],
    [null, conv('branch7x7dbl_1', c7, inp, 1, 1), conv('branch7x7dbl_2', c7, c7, 7, 1), conv('branch7x7dbl_3', c7, c7, 1, 7),
      conv('branch7x7dbl_4', c7, c7, 7, 1), conv('branch7x7dbl_5', 192, c7, 1, 7)],
    ['average', conv('branch_pool', 192, inp, 1, 1)],
  ];
}

// Keras concatenation name -> torchvision block, through Mixed_6c only.
const BLOCKS = [
  ['mixed0', 'Mixed_5b', inceptionA(192, 32)],
  ['mixed1', 'Mixed_5c', inceptionA(256, 64)],
  ['mixed2', 'Mixed_5d', inceptionA(288, 64)],
  ['mixed3', 'Mixed_6a', inceptionB(288)],
  ['mixed4', 'Mixed_6b', inceptionC(768, 128)],
  ['mixed5', 'Mixed_6c', inceptionC(768, 160)],
];

const fail = nsfwjs.fail;

/** The Keras graph: layers by name, each with the names of its inputs. */
function graph(topology) {
  const layers = new Map();
  for (const l of topology.model_config.config.layers) {
    const inputs = l.inbound_nodes.length === 0 ? [] : l.inbound_nodes[0].map(n => n[0]);
    layers.set(l.name, {name: l.name, type: l.class_name, config: l.config, inputs});
  }
  return layers;
}

function single(layer) {
  if (layer.inputs.length !== 1) {
    fail(`${layer.name}: expected one input, found ${layer.inputs.length}`);
  }
  return layer.inputs[0];
}

/**
 * The layers that lead to `end` (inclusive), back to but not including `stop`, or else the first concatenation
 * or input layer before it; in forward order.
 */
function pathTo(layers, end, stop = null) {
  const path = [];
  let at = end;
  while (at !== stop) {
    const layer = layers.get(at);
    if (path.length > 0 && (layer.type === 'Concatenate' || layer.inputs.length === 0)) {
      break;
    }
    path.unshift(at);
    at = single(layer);
  }
  return path;
}

/** The layer feeding every branch of a block: the nearest layer that all its branches' paths go through. */
function blockInput(layers, concat) {
  const paths = concat.inputs.map(end => {
    const p = pathTo(layers, end);
    return [single(layers.get(p[0])), ...p];
  });
  const common = paths[0].slice().reverse().find(name => paths.every(p => p.includes(name)));
  if (common === undefined) {
    fail(`${concat.name}: its branches share no input`);
  }
  return common;
}

/**
 * A forward path of layers as steps: "P" for a pooling layer, "C" for a Conv2D -> BatchNormalization -> relu
 * unit. Returns {pattern, steps}, steps holding {pool} or {conv, bn}.
 */
function steps(layers, path, where) {
  const out = [];
  let pattern = '';
  for (let i = 0; i < path.length; i++) {
    const layer = layers.get(path[i]);
    if (layer.type === 'AveragePooling2D' || layer.type === 'MaxPooling2D') {
      out.push({pool: layer});
      pattern += 'P';
    } else if (layer.type === 'Conv2D') {
      const bn = layers.get(path[i + 1] || '');
      const relu = layers.get(path[i + 2] || '');
      if (!bn || bn.type !== 'BatchNormalization' || !relu || relu.type !== 'Activation' || relu.config.activation !== 'relu') {
        fail(`${where}: ${layer.name} is not followed by batch norm and relu`);
      }
      out.push({conv: layer, bn});
      pattern += 'C';
      i += 2;
    } else {
      fail(`${where}: unexpected ${layer.type} ${layer.name}`);
    }
  }
  return {pattern, steps: out};
}

function checkPool(pool, kind, where) {
  const c = pool.config;
  const want = kind === 'average'
    ? {type: 'AveragePooling2D', size: 3, stride: 1, padding: 'same'}
    : {type: 'MaxPooling2D', size: 3, stride: 2, padding: 'valid'};
  if (pool.type !== want.type || c.pool_size.some(s => s !== want.size) || c.strides.some(s => s !== want.stride)
      || c.padding !== want.padding) {
    fail(`${where}: ${pool.name} is ${pool.type} ${JSON.stringify(c.pool_size)}/${JSON.stringify(c.strides)} ${c.padding},`
      + ` expected ${want.type} 3x3/${want.stride} ${want.padding}`);
  }
}

/** Checks one Keras conv + BN pair against torchvision's layout and returns its Keras weight names. */
function checkUnit(unit, spec, where, kernels) {
  const c = unit.conv.config;
  const kernel = kernels.get(unit.conv.name + '/kernel');
  if (!kernel) {
    fail(`${unit.conv.name}: no kernel in the weights manifest`);
  }
  // Keras kernels are (kh, kw, in, out); "same" at stride 1 with an odd kernel pads by half the kernel on each
  // side, which is torchvision's explicit padding; "valid" pads nothing.
  const [kh, kw, inp, out] = kernel.shape;
  const stride = c.strides[0];
  const same = c.padding === 'same';
  if (same && (stride !== 1 || kh % 2 === 0 || kw % 2 === 0)) {
    fail(`${unit.conv.name}: "same" padding at stride ${stride} or with an even kernel is not symmetric`);
  }
  const got = {out, in: inp, kh, kw, stride, ph: same ? (kh - 1) / 2 : 0, pw: same ? (kw - 1) / 2 : 0};
  for (const k of Object.keys(got)) {
    if (got[k] !== spec[k] || c.strides[1] !== stride) {
      fail(`${where}.${spec.name} (Keras ${unit.conv.name}): ${k} is ${got[k]}, torchvision has ${spec[k]}`);
    }
  }
  if (c.use_bias || c.activation !== 'linear' || c.dilation_rate.some(d => d !== 1) || c.data_format !== 'channels_last') {
    fail(`${unit.conv.name}: expected a bias-free linear convolution, channels last, no dilation`);
  }
  // frozen layers are the ImageNet ones: nsfwjs fine-tuned only the layers it left trainable
  if (c.trainable !== false || unit.bn.config.trainable !== false) {
    fail(`${unit.conv.name}: trainable, so fine-tuned by nsfwjs rather than ImageNet's`);
  }
  const b = unit.bn.config;
  if (b.epsilon !== BN_EPSILON || b.scale !== false || b.center !== true) {
    fail(`${unit.bn.name}: expected epsilon ${BN_EPSILON}, scale false, center true`);
  }
  return {conv: unit.conv.name + '/kernel', bias: unit.bn.name + '/beta', mean: unit.bn.name + '/moving_mean',
    variance: unit.bn.name + '/moving_variance'};
}

/** [torchvision name, Keras weight names] for the stem and each block through Mixed_6c, every pair checked. */
function mapping(layers, kernels) {
  const map = [];
  const first = layers.get(BLOCKS[0][0]);
  const stemEnd = blockInput(layers, first);
  const stem = steps(layers, pathTo(layers, stemEnd), 'stem');
  if (stem.pattern !== STEM_PATTERN) {
    fail(`stem: layers ${stem.pattern}, torchvision's are ${STEM_PATTERN} (C: conv, P: pool)`);
  }
  stem.steps.filter(s => s.pool).forEach(s => checkPool(s.pool, 'max', 'stem'));
  stem.steps.filter(s => s.conv).forEach((u, i) => map.push([STEM[i].name, checkUnit(u, STEM[i], 'stem', kernels)]));
  for (const [keras, torchName, branches] of BLOCKS) {
    const concat = layers.get(keras);
    if (!concat || concat.type !== 'Concatenate' || (concat.config.axis !== -1 && concat.config.axis !== 3)) {
      fail(`${keras}: expected a concatenation along the channels`);
    }
    if (concat.inputs.length !== branches.length) {
      fail(`${keras}: ${concat.inputs.length} branches, torchvision's ${torchName} has ${branches.length}`);
    }
    const input = blockInput(layers, concat);
    branches.forEach(([pool, ...specs], i) => {
      const where = `${keras} branch ${i}`;
      const found = steps(layers, pathTo(layers, concat.inputs[i], input), where);
      const want = (pool === null ? '' : 'P') + 'C'.repeat(specs.length);
      if (found.pattern !== want) {
        fail(`${where}: layers ${found.pattern}, torchvision's ${torchName} has ${want} (C: conv, P: pool)`);
      }
      if (pool !== null) {
        checkPool(found.steps[0].pool, pool, where);
      }
      found.steps.filter(s => s.conv).forEach((u, j) => map.push([`${torchName}.${specs[j].name}`,
        checkUnit(u, specs[j], torchName, kernels)]));
    });
  }
  return map;
}

/** The weight bytes (uint8 codes) and quantisation of every manifest entry, by Keras name. */
function weights(manifest, shardBytes) {
  const byName = new Map();
  let offset = 0;
  for (const w of manifest.weights) {
    const q = w.quantization;
    if (w.dtype !== 'float32' || !q || q.dtype !== 'uint8') {
      fail(`${w.name}: expected uint8-quantised float32, found ${w.dtype} ${q ? q.dtype : 'unquantised'}`);
    }
    const count = w.shape.reduce((a, b) => a * b, 1);
    byName.set(w.name, {shape: w.shape, min: q.min, scale: q.scale, codes: shardBytes.subarray(offset, offset + count)});
    offset += count;
  }
  if (offset !== shardBytes.length) {
    fail(`the manifest covers ${offset} bytes, the shards hold ${shardBytes.length}`);
  }
  return byName;
}

/** (kh, kw, in, out) codes to torchvision's (out, in, kh, kw): a permutation of bytes, lossless. */
function transposeKernel(w) {
  const [kh, kw, inp, out] = w.shape;
  const t = Buffer.alloc(w.codes.length);
  for (let y = 0; y < kh; y++) {
    for (let x = 0; x < kw; x++) {
      for (let i = 0; i < inp; i++) {
        for (let o = 0; o < out; o++) {
          t[((o * inp + i) * kh + y) * kw + x] = w.codes[((y * kw + x) * inp + i) * out + o];
        }
      }
    }
  }
  return {shape: [out, inp, kh, kw], codes: t};
}

function writeSafeTensors(file, tensors, metadata) {
  const header = {__metadata__: metadata};
  const blobs = [];
  let offset = 0;
  for (const [name, t] of tensors) {
    header[name] = {dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + t.bytes.length]};
    blobs.push(t.bytes);
    offset += t.bytes.length;
  }
  let json = Buffer.from(JSON.stringify(header), 'utf8');
  const pad = (ALIGNMENT - (8 + json.length) % ALIGNMENT) % ALIGNMENT;
  json = Buffer.concat([json, Buffer.alloc(pad, ' ')]);
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(json.length));
  fs.writeFileSync(file, Buffer.concat([length, json, ...blobs]));
}

/** [min, scale] as two little-endian float64: exactly the numbers of the manifest. */
function quantisation(w) {
  const b = Buffer.alloc(16);
  b.writeDoubleLE(w.min, 0);
  b.writeDoubleLE(w.scale, 8);
  return {dtype: 'F64', shape: [2], bytes: b};
}

function main() {
  const [packageDir, outFile] = process.argv.slice(2);
  if (!packageDir || !outFile) {
    fail('usage: node nsfwjs-inception.js PACKAGE_DIR OUT.safetensors');
  }
  const {model, manifest, shardBytes, sums} = nsfwjs.load(packageDir);
  const byName = weights(manifest, shardBytes);
  const layers = graph(model.modelTopology);
  const map = mapping(layers, byName);

  const tensors = [];
  const u8 = (shape, codes) => ({dtype: 'U8', shape, bytes: Buffer.from(codes)});
  for (const [torchName, keras] of map) {
    const kernel = transposeKernel(byName.get(keras.conv));
    tensors.push([torchName + '.conv.weight', u8(kernel.shape, kernel.codes)]);
    tensors.push([torchName + '.conv.weight.quantization', quantisation(byName.get(keras.conv))]);
    for (const [suffix, key] of [['bias', 'bias'], ['running_mean', 'mean'], ['running_var', 'variance']]) {
      const w = byName.get(keras[key]);
      tensors.push([`${torchName}.bn.${suffix}`, u8(w.shape, w.codes)]);
      tensors.push([`${torchName}.bn.${suffix}.quantization`, quantisation(w)]);
    }
  }
  const metadata = {
    format: 'wuton-inception-v3-mixed6c-u8',
    source: `npm ${nsfwjs.PACKAGE}@${nsfwjs.VERSION} ${nsfwjs.MODEL_DIR} (Keras ${model.modelTopology.keras_version} InceptionV3, MIT)`,
    layers: 'stem, Mixed_5b .. Mixed_6c (Keras input_1 .. mixed5), frozen ImageNet layers; later layers not included',
    decoding: 'value = float32(q * scale + min), [min, scale] in NAME.quantization, as tfjs decodes uint8 weights',
    batch_norm: `gamma 1 (Keras scale false), eps ${BN_EPSILON}`,
    input: 'RGB in [-1, 1] (x / 127.5 - 1), 299x299',
    average_pool: '3x3 stride 1, padding excluded from the mean (count_include_pad false)',
    sha256: JSON.stringify(sums),
  };
  writeSafeTensors(outFile, tensors, metadata);
  console.log(`${outFile}: ${map.length} conv/BN pairs, ${tensors.length} tensors`);
  for (const [f, s] of Object.entries(sums)) {
    console.log(`${s}  ${f}`);
  }
}

main();
