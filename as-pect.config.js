// as-pect runs the AssemblyScript kernel specs in test/assembly/*.spec.ts. Each spec compiles with
// as-pect.asconfig.json, which extends the project's asconfig.json and turns SIMD on, so a SIMD
// kernel and its scalar twin live in one binary and can be compared directly.
export default {
  entries: ["test/assembly/**/*.spec.ts"],
  include: [],
  disclude: [/node_modules/],
  async instantiate(memory, createImports, instantiate, binary) {
    return instantiate(binary, createImports({ env: { memory } }));
  },
  outputBinary: false,
};
