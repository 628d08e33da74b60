// Types for scenarios.js, which stays plain JS so Chromium loads the very file Node runs.
import type { Model, Trainer, TrainerOptions } from "../../dist/index.js";

export const ROWS: number;
export const FEATURES: number;
export const SAMPLER_SEED: number;
export const FAMILIES: readonly { family: "gaussian" | "bernoulli" | "poisson" | "multinomial"; classes?: number }[];
export const DTYPES: readonly ("float64" | "float32")[];
export const KERNELS: readonly ("auto" | "scalar")[];
export const OPTIMIZER_SETTINGS: readonly { name: string; options: TrainerOptions }[];

export interface Scenario {
  readonly name: string;
  readonly options: TrainerOptions;
}

/** One scenario's outcome; float fields are the hex of their float64 bytes (see float64Hex). */
export interface ScenarioResult {
  name: string;
  /** FNV-1a checksum of the X and y bytes the scenario fitted. */
  data: string;
  error?: string;
  kernels?: "simd" | "scalar";
  dtype?: string;
  optimizer?: string;
  epochs?: number;
  stopReason?: string;
  coefficients?: string;
  intercept?: string;
  objective?: string;
  logLikelihood?: string;
  history?: string;
  predictions?: string;
  /** Predictions of the fit's model after JSON text and Model.fromJSON. */
  modelPredictions?: string;
  /** gd/sgd: the final training state's bits (θ/rng/step/epochsDone), and those of half the epochs, saved, restored and resumed. */
  state?: string;
  resumedState?: string;
}

export function scenarios(): Scenario[];
export function seededUniform(seed: number): () => number;
export function syntheticData(familyOptions: { family: string; classes?: number }, dataSeed?: number): {
  X: { data: Float64Array; rows: number; cols: number };
  y: Float64Array;
};
export function float64Hex(values: Float64Array | number): string;
export function hexToFloat64(hex: string): Float64Array;
export function runScenarios(trainer: typeof Trainer, model: typeof Model): Promise<ScenarioResult[]>;
