import fc from "fast-check";
import { expect } from "vitest";

/**
 * Fuzzes a loader of JSON documents (Model.fromJSON, Trainer.restore): arbitrary JSON, and the
 * valid document with one field replaced by arbitrary JSON, each sent through JSON text as a
 * document from elsewhere would be. Every outcome must be a success or an instance of `refusal`
 * (never another error: no crash), and nothing may reach Object.prototype, including through a
 * "__proto__" key at the top or nested under `nestedField`.
 */
export async function fuzzJsonLoader(
  valid: Record<string, unknown>,
  load: (data: unknown) => Promise<unknown>,
  refusal: abstract new (...args: never[]) => Error,
  options: { numRuns?: number; seed?: number; nestedField?: string } = {},
): Promise<void> {
  const field = fc.constantFrom(...Object.keys(valid));
  await fc.assert(
    fc.asyncProperty(fc.oneof(fc.jsonValue(), fc.record({ key: field, value: fc.jsonValue() })), async (sample) => {
      const data = typeof sample === "object" && sample !== null && "key" in sample && "value" in sample
        ? { ...valid, [(sample as { key: string }).key]: (sample as { value: unknown }).value }
        : sample;
      const outcome = await load(JSON.parse(JSON.stringify(data) ?? "null")).then(() => null, (e: unknown) => e);
      if (outcome !== null) expect(outcome).toBeInstanceOf(refusal);
    }),
    { numRuns: options.numRuns ?? 300, seed: options.seed ?? 20261201 },
  );
  const format = JSON.stringify(valid.format ?? null);
  const polluted = await load(JSON.parse(`{"__proto__": {"polluted": 1}, "format": ${format}}`)).then(() => null, (e: unknown) => e);
  expect(polluted).toBeInstanceOf(refusal);
  if (options.nestedField !== undefined) {
    const text = JSON.stringify(valid).replace(`"${options.nestedField}":{`, `"${options.nestedField}":{"__proto__":{"polluted":1},`);
    await load(JSON.parse(text)).catch(() => null);
  }
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
}
