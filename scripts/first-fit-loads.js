// Run by scripts/size.js in a fresh Node process per option set (argv[2]: the options as JSON):
// registers a module hook that records every file of dist/ Node loads, then does what a first fit
// does — `await Trainer.create(options)`, then `trainer.fit(X, y)` on a small data set — and prints
// the files loaded, in order, as JSON (paths relative to dist/). So the rows of `npm run size` are
// the modules the loader really imported for those options, not a model of it.
import { register } from "node:module";
import { MessageChannel } from "node:worker_threads";

const dist = new URL("../dist/", import.meta.url).href;
const loaded = [];
const { port1, port2 } = new MessageChannel();
port1.on("message", (url) => loaded.push(url));
port1.unref();
register(new URL("./first-fit-hook.js", import.meta.url), { data: { port: port2, dist }, transferList: [port2] });

const options = JSON.parse(process.argv[2] ?? "{}");
const { Trainer } = await import(new URL("wasm-mle.js", dist).href);
const trainer = await Trainer.create(options);
// 40 rows, 3 features, a response every family accepts (a class of 0..2, a count, a real)
const X = Array.from({ length: 40 }, (_, i) => [Math.sin(i), Math.cos(3 * i), (i % 7) / 7]);
const y = X.map(([a, b], i) => (options.family === "gaussian" || options.family === undefined ? a - b + 0.1 * Math.sin(5 * i) : (i * 7 + (a > 0 ? 1 : 0)) % (options.family === "multinomial" ? 3 : 2)));
trainer.fit(X, y);
trainer.dispose();
// the hook's messages arrive on this thread's event loop: let them in before printing
await new Promise((resolve) => setImmediate(resolve));
process.stdout.write(JSON.stringify([...new Set(loaded)].map((url) => url.slice(dist.length))));
