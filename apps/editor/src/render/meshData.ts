/**
 * Element meshes as plain arrays: positions (float32, three.js axes, relative to the bake
 * origin), triangle indices and feature-edge segments. Parsed straight from the bake's GLB
 * (one node per element, POSITION + uint32 indices, as `pryzm.geometry.encode_glb` writes
 * them) and kept in a compact binary form for the persistent cache.
 */

export interface MeshData {
  positions: Float32Array;
  indices: Uint32Array;
  /** Line segments (pairs of points) along edges where faces meet at more than ~20°. */
  edges: Float32Array;
}

const GLB_MAGIC = 0x46546c67; // "glTF"
const CHUNK_JSON = 0x4e4f534a;
const CHUNK_BIN = 0x004e4942;

interface Gltf {
  nodes?: { name?: string; mesh?: number }[];
  meshes?: { primitives: { attributes: { POSITION: number }; indices?: number; mode?: number }[] }[];
  accessors?: { bufferView?: number; byteOffset?: number; componentType: number; count: number; type: string }[];
  bufferViews?: { byteOffset?: number; byteLength: number }[];
}

/** Every node of a GLB as `name -> mesh` (several primitives of one node are merged). */
export function parseGlbMeshes(bytes: ArrayBuffer): Map<string, MeshData> {
  const view = new DataView(bytes);
  if (view.getUint32(0, true) !== GLB_MAGIC) throw new Error("not a GLB file");
  let json: Gltf | null = null;
  let bin: Uint8Array | null = null;
  for (let off = 12; off + 8 <= bytes.byteLength; ) {
    const len = view.getUint32(off, true);
    const type = view.getUint32(off + 4, true);
    if (type === CHUNK_JSON) json = JSON.parse(new TextDecoder().decode(new Uint8Array(bytes, off + 8, len))) as Gltf;
    else if (type === CHUNK_BIN) bin = new Uint8Array(bytes, off + 8, len);
    off += 8 + len;
  }
  if (!json) throw new Error("GLB without a JSON chunk");
  const out = new Map<string, MeshData>();
  const accessor = (i: number, kind: "f32" | "u32"): Float32Array | Uint32Array => {
    const a = json!.accessors![i]!;
    const bv = json!.bufferViews![a.bufferView ?? 0]!;
    const start = (bin?.byteOffset ?? 0) + (bv.byteOffset ?? 0) + (a.byteOffset ?? 0);
    const n = a.count * (a.type === "VEC3" ? 3 : 1);
    const src = bin!.buffer.slice(start, start + n * 4);
    if (kind === "f32") return new Float32Array(src);
    if (a.componentType === 5125) return new Uint32Array(src);
    if (a.componentType === 5123) return Uint32Array.from(new Uint16Array(bin!.buffer.slice(start, start + n * 2)));
    throw new Error(`unsupported index type ${a.componentType}`);
  };
  (json.nodes ?? []).forEach((node, i) => {
    if (node.mesh === undefined) return;
    const parts = json!.meshes![node.mesh]!.primitives.filter((p) => (p.mode ?? 4) === 4);
    const pieces = parts.map((p) => ({
      positions: accessor(p.attributes.POSITION, "f32") as Float32Array,
      indices: p.indices === undefined ? null : (accessor(p.indices, "u32") as Uint32Array),
    }));
    out.set(node.name ?? String(i), withEdges(merge(pieces)));
  });
  return out;
}

function merge(pieces: { positions: Float32Array; indices: Uint32Array | null }[]): { positions: Float32Array; indices: Uint32Array } {
  if (pieces.length === 1 && pieces[0]!.indices) return pieces[0] as { positions: Float32Array; indices: Uint32Array };
  const nv = pieces.reduce((s, p) => s + p.positions.length, 0);
  const ni = pieces.reduce((s, p) => s + (p.indices?.length ?? p.positions.length / 3), 0);
  const positions = new Float32Array(nv);
  const indices = new Uint32Array(ni);
  let v = 0;
  let k = 0;
  for (const p of pieces) {
    positions.set(p.positions, v);
    const base = v / 3;
    const idx = p.indices ?? Uint32Array.from({ length: p.positions.length / 3 }, (_, i) => i);
    for (let i = 0; i < idx.length; i++) indices[k++] = idx[i]! + base;
    v += p.positions.length;
  }
  return { positions, indices };
}

const COS_CREASE = Math.cos((20 * Math.PI) / 180);

/** Feature edges: boundary edges and edges between faces turning by more than 20°. */
export function withEdges(mesh: { positions: Float32Array; indices: Uint32Array }): MeshData {
  const { positions: p, indices: idx } = mesh;
  const weld = weldMap(p);
  const normals = new Float32Array(idx.length); // one normal per triangle (3 floats)
  const firstFace = new Map<number, number>();
  const shared = new Map<number, boolean>(); // edge key -> is a feature edge
  const nv = p.length / 3;
  for (let t = 0; t < idx.length / 3; t++) {
    const a = idx[3 * t]!;
    const b = idx[3 * t + 1]!;
    const c = idx[3 * t + 2]!;
    const ux = p[3 * b]! - p[3 * a]!, uy = p[3 * b + 1]! - p[3 * a + 1]!, uz = p[3 * b + 2]! - p[3 * a + 2]!;
    const vx = p[3 * c]! - p[3 * a]!, vy = p[3 * c + 1]! - p[3 * a + 1]!, vz = p[3 * c + 2]! - p[3 * a + 2]!;
    let nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
    const len = Math.hypot(nx, ny, nz) || 1;
    nx /= len; ny /= len; nz /= len;
    normals[3 * t] = nx; normals[3 * t + 1] = ny; normals[3 * t + 2] = nz;
    for (const [i, j] of [[a, b], [b, c], [c, a]] as const) {
      const wi = weld[i]!;
      const wj = weld[j]!;
      if (wi === wj) continue;
      const key = wi < wj ? wi * nv + wj : wj * nv + wi;
      const other = firstFace.get(key);
      if (other === undefined) {
        firstFace.set(key, t);
        shared.set(key, true);
      } else {
        const dot = normals[3 * other]! * nx + normals[3 * other + 1]! * ny + normals[3 * other + 2]! * nz;
        shared.set(key, dot < COS_CREASE);
      }
    }
  }
  const edges: number[] = [];
  for (const [key, feature] of shared) {
    if (!feature) continue;
    const i = Math.floor(key / nv);
    const j = key % nv;
    edges.push(p[3 * i]!, p[3 * i + 1]!, p[3 * i + 2]!, p[3 * j]!, p[3 * j + 1]!, p[3 * j + 2]!);
  }
  return { positions: p, indices: idx, edges: new Float32Array(edges) };
}

/** Each vertex's index of its first equal-position vertex (meshes may repeat corners). */
function weldMap(p: Float32Array): Uint32Array {
  const n = p.length / 3;
  const out = new Uint32Array(n);
  const seen = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const key = `${p[3 * i]},${p[3 * i + 1]},${p[3 * i + 2]}`;
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, i);
      out[i] = i;
    } else out[i] = first;
  }
  return out;
}

/** Compact bytes for the persistent cache: counts, then positions, indices, edges. */
export function encodeMesh(m: MeshData): ArrayBuffer {
  const header = 12;
  const buf = new ArrayBuffer(header + 4 * (m.positions.length + m.indices.length + m.edges.length));
  const view = new DataView(buf);
  view.setUint32(0, m.positions.length, true);
  view.setUint32(4, m.indices.length, true);
  view.setUint32(8, m.edges.length, true);
  let off = header;
  new Float32Array(buf, off, m.positions.length).set(m.positions);
  off += 4 * m.positions.length;
  new Uint32Array(buf, off, m.indices.length).set(m.indices);
  off += 4 * m.indices.length;
  new Float32Array(buf, off, m.edges.length).set(m.edges);
  return buf;
}

export function decodeMesh(buf: ArrayBuffer): MeshData {
  const view = new DataView(buf);
  const np = view.getUint32(0, true);
  const ni = view.getUint32(4, true);
  const ne = view.getUint32(8, true);
  if (buf.byteLength !== 12 + 4 * (np + ni + ne)) throw new Error("corrupt cached mesh");
  let off = 12;
  const positions = new Float32Array(buf, off, np);
  off += 4 * np;
  const indices = new Uint32Array(buf, off, ni);
  off += 4 * ni;
  const edges = new Float32Array(buf, off, ne);
  return { positions, indices, edges };
}
