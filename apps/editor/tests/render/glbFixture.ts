/** GLB files as `pryzm.geometry.encode_glb` writes them: one node (named by element id) and one mesh per element, POSITION + uint32 indices. */

export interface FixtureMesh {
  name: string;
  positions: number[];
  indices: number[];
}

/** A unit box at `x` (8 shared corners, 12 triangles). */
export function box(name: string, x = 0): FixtureMesh {
  const p: number[] = [];
  for (const [a, b, c] of [[0, 0, 0], [1, 0, 0], [1, 1, 0], [0, 1, 0], [0, 0, 1], [1, 0, 1], [1, 1, 1], [0, 1, 1]]) p.push(a! + x, b!, c!);
  const f = [0, 2, 1, 0, 3, 2, 4, 5, 6, 4, 6, 7, 0, 1, 5, 0, 5, 4, 1, 2, 6, 1, 6, 5, 2, 3, 7, 2, 7, 6, 3, 0, 4, 3, 4, 7];
  return { name, positions: p, indices: f };
}

export function glb(meshes: FixtureMesh[]): ArrayBuffer {
  const chunks: Uint8Array[] = [];
  let offset = 0;
  const views: object[] = [];
  const accessors: object[] = [];
  const add = (bytes: Uint8Array) => {
    views.push({ buffer: 0, byteOffset: offset, byteLength: bytes.length });
    chunks.push(bytes);
    offset += bytes.length;
    return views.length - 1;
  };
  const nodes = meshes.map((m, i) => {
    const pv = add(new Uint8Array(new Float32Array(m.positions).buffer));
    accessors.push({ bufferView: pv, componentType: 5126, count: m.positions.length / 3, type: "VEC3" });
    const iv = add(new Uint8Array(new Uint32Array(m.indices).buffer));
    accessors.push({ bufferView: iv, componentType: 5125, count: m.indices.length, type: "SCALAR" });
    return { name: m.name, mesh: i };
  });
  const json = {
    asset: { version: "2.0" },
    scene: 0,
    scenes: [{ nodes: nodes.map((_, i) => i) }],
    nodes,
    meshes: meshes.map((m, i) => ({ name: m.name, primitives: [{ attributes: { POSITION: 2 * i }, indices: 2 * i + 1 }] })),
    accessors,
    bufferViews: views,
    buffers: [{ byteLength: offset }],
  };
  let jsonBytes = new TextEncoder().encode(JSON.stringify(json));
  const pad = (n: number) => (4 - (n % 4)) % 4;
  jsonBytes = Uint8Array.from([...jsonBytes, ...new Array(pad(jsonBytes.length)).fill(0x20)]);
  const bin = new Uint8Array(offset + pad(offset));
  let o = 0;
  for (const c of chunks) {
    bin.set(c, o);
    o += c.length;
  }
  const total = 12 + 8 + jsonBytes.length + 8 + bin.length;
  const out = new ArrayBuffer(total);
  const v = new DataView(out);
  v.setUint32(0, 0x46546c67, true);
  v.setUint32(4, 2, true);
  v.setUint32(8, total, true);
  v.setUint32(12, jsonBytes.length, true);
  v.setUint32(16, 0x4e4f534a, true);
  new Uint8Array(out, 20, jsonBytes.length).set(jsonBytes);
  v.setUint32(20 + jsonBytes.length, bin.length, true);
  v.setUint32(24 + jsonBytes.length, 0x004e4942, true);
  new Uint8Array(out, 28 + jsonBytes.length, bin.length).set(bin);
  return out;
}
