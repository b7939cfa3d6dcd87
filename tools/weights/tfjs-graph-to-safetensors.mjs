#!/usr/bin/env node
// Converts a TensorFlow.js *graph* model (model.json + its binary weight shards) into the two files that
// wuton's graph interpreter (wuton.vision.GraphModel) reads:
//
//   NAME.safetensors   every constant of the graph, under its node name, in its stored element type
//                      (f16-quantised weights stay F16: no precision is lost or invented; int32 stays I32)
//   NAME.graph.json    the node graph in evaluation order, attributes decoded to plain JSON
//                      (strings instead of base64, lists instead of {"list": {"i": [...]}})
//
// Usage: node tfjs-graph-to-safetensors.mjs MODEL.json OUT_DIR/NAME
// Only plain Node is needed (no npm packages). See README.md beside this file.

import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

const [modelPath, outStem] = process.argv.slice(2);
if (!modelPath || !outStem) {
  console.error('usage: node tfjs-graph-to-safetensors.mjs MODEL.json OUT_DIR/NAME');
  process.exit(2);
}

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');
const modelBytes = readFileSync(modelPath);
const model = JSON.parse(modelBytes.toString('utf8'));
if (model.format !== 'graph-model') {
  throw new Error(`${modelPath}: not a tfjs graph model (format ${model.format})`);
}

// --- weights: the shards of each group are one little-endian byte run, tensors back to back in manifest order
const sources = { [basename(modelPath)]: sha256(modelBytes) };
const constants = new Map(); // name -> { dtype, shape, bytes }
for (const group of model.weightsManifest) {
  const shards = group.paths.map((p) => {
    const bytes = readFileSync(join(dirname(modelPath), p));
    sources[p] = sha256(bytes);
    return bytes;
  });
  const data = Buffer.concat(shards);
  let offset = 0;
  for (const w of group.weights) {
    const count = w.shape.reduce((a, b) => a * b, 1);
    const stored = storedType(w);
    const length = count * stored.bytes;
    constants.set(w.name, { dtype: stored.safetensors, shape: w.shape, bytes: data.subarray(offset, offset + length) });
    offset += length;
  }
  if (offset !== data.length) {
    throw new Error(`weights of ${group.paths}: manifest covers ${offset} bytes, the shards hold ${data.length}`);
  }
}

function storedType(w) {
  const q = w.quantization;
  if (q && q.dtype === 'float16') return { safetensors: 'F16', bytes: 2 };
  if (q) throw new Error(`${w.name}: quantisation ${q.dtype} is not handled (only float16)`);
  if (w.dtype === 'float32') return { safetensors: 'F32', bytes: 4 };
  if (w.dtype === 'int32') return { safetensors: 'I32', bytes: 4 };
  throw new Error(`${w.name}: dtype ${w.dtype} is not handled`);
}

// --- graph: decode attributes, drop constants' payload (it is in the safetensors), order nodes by dependency
const nodes = model.modelTopology.node;
const byName = new Map(nodes.map((n) => [n.name, n]));
const inputName = (ref) => ref.replace(/^\^/, '').replace(/:\d+$/, '');
const ordered = [];
const state = new Map(); // name -> 'visiting' | 'done'
function visit(name) {
  if (state.get(name) === 'done') return;
  if (state.get(name) === 'visiting') throw new Error(`cycle through ${name}`);
  state.set(name, 'visiting');
  const node = byName.get(name);
  if (!node) throw new Error(`unknown node ${name}`);
  for (const ref of node.input || []) {
    if (!ref.startsWith('^')) visit(inputName(ref)); // ^name: a control dependency, no data
  }
  state.set(name, 'done');
  ordered.push(node);
}
const outputs = Object.values(model.signature.outputs).map((o) => o.name.replace(/:0$/, ''));
const inputs = Object.values(model.signature.inputs).map((i) => ({
  name: i.name.replace(/:0$/, ''),
  dtype: i.dtype,
  shape: i.tensorShape.dim.map((d) => Number(d.size)),
}));
outputs.forEach(visit);

function decodeAttr(value) {
  if ('s' in value) return Buffer.from(value.s, 'base64').toString('utf8');
  if ('i' in value) return Number(value.i);
  if ('f' in value) return Number(value.f);
  if ('b' in value) return value.b;
  if ('type' in value) return value.type;
  if ('list' in value) {
    const l = value.list;
    if (l.s) return l.s.map((s) => Buffer.from(s, 'base64').toString('utf8'));
    if (l.i) return l.i.map(Number);
    if (l.f) return l.f.map(Number);
    return [];
  }
  return null; // shapes and tensors: not needed by the interpreter
}

const graphNodes = ordered.map((n) => {
  const attr = {};
  for (const [k, v] of Object.entries(n.attr || {})) {
    if (k === 'value' || k.startsWith('_')) continue; // the payload, and grappler's bookkeeping
    const decoded = decodeAttr(v);
    if (decoded !== null) attr[k] = decoded;
  }
  if (n.op === 'Const' && !constants.has(n.name)) throw new Error(`constant ${n.name} has no weights`);
  return { name: n.name, op: n.op, inputs: (n.input || []).filter((r) => !r.startsWith('^')), attr };
});

// keep only the constants the graph uses, in evaluation order
const used = graphNodes.filter((n) => n.op === 'Const').map((n) => n.name);
const provenance = { source_sha256: JSON.stringify(sources), converted_by: 'tools/weights/tfjs-graph-to-safetensors.mjs' };
writeSafetensors(`${outStem}.safetensors`, used.map((name) => [name, constants.get(name)]), provenance);
writeFileSync(`${outStem}.graph.json`,
  JSON.stringify({ inputs, outputs, sources, nodes: graphNodes }, null, 0).replace(/\},\{"name"/g, '},\n{"name"') + '\n');
console.log(`${outStem}: ${graphNodes.length} nodes, ${used.length} constants; sources ${JSON.stringify(sources)}`);

function writeSafetensors(file, entries, metadata) {
  const header = { __metadata__: metadata };
  let offset = 0;
  for (const [name, t] of entries) {
    header[name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + t.bytes.length] };
    offset += t.bytes.length;
  }
  let json = Buffer.from(JSON.stringify(header), 'utf8');
  const padding = (8 - ((8 + json.length) % 8)) % 8; // the data starts 8-byte aligned
  json = Buffer.concat([json, Buffer.alloc(padding, ' ')]);
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(json.length));
  writeFileSync(file, Buffer.concat([length, json, ...entries.map(([, t]) => t.bytes)]));
}
