// A fresh Node process for test/training/state.test.ts: reads [{ state, X, y }] as JSON on stdin,
// restores each state with Trainer.restore, resumes it with fit(X, y, { resume: true }) and prints
// [{ state, history }] (the resumed fit's history as hex) as JSON.
import { Trainer } from "../../dist/index.js";

let input = "";
for await (const chunk of process.stdin) input += chunk;
const out = [];
for (const { state, X, y } of JSON.parse(input)) {
  const trainer = await Trainer.restore(state);
  const fit = trainer.fit(X, y, { resume: true });
  out.push({ state: trainer.saveState(), history: Array.from(fit.history, (v) => v.toString()) });
  trainer.dispose();
}
process.stdout.write(JSON.stringify(out));
