// Every error class of wasm-mle, one module per kind under bindings/errors/. A new error class goes
// at the end of the module of its kind (or in a new module, exported here), with a row in the
// README's error table and an export from bindings/index.ts.
export * from "./errors/base.js";
export * from "./errors/input.js";
export * from "./errors/fit.js";
export * from "./errors/lifetime.js";
export * from "./errors/saved.js";
export * from "./errors/worker.js";
