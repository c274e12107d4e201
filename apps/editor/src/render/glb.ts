/**
 * GLB bytes -> a template object for one element mesh: the glTF scene plus its feature edges.
 * The baked meshes carry positions only (no normals, no materials); the 3D view assigns
 * flat-shaded materials per element material when it places a clone.
 */

import { EdgesGeometry, LineBasicMaterial, LineSegments, Mesh, type Object3D } from "three";
import { GLTFLoader } from "three/examples/jsm/loaders/GLTFLoader.js";

const EDGE_MATERIAL = new LineBasicMaterial({ color: 0x2a2d33 });
const loader = new GLTFLoader();

export function parseGlb(bytes: ArrayBuffer): Promise<Object3D> {
  return new Promise((resolve, reject) => {
    loader.parse(
      bytes,
      "",
      (gltf) => {
        const root = gltf.scene;
        const meshes: Mesh[] = [];
        root.traverse((o) => {
          if (o instanceof Mesh) meshes.push(o);
        });
        for (const mesh of meshes) {
          const edges = new LineSegments(new EdgesGeometry(mesh.geometry, 20), EDGE_MATERIAL);
          edges.userData.edges = true;
          mesh.add(edges);
        }
        resolve(root);
      },
      (err) => reject(err instanceof Error ? err : new Error(String(err))),
    );
  });
}
