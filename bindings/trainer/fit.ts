import { DivergenceError } from "../errors.js";
import { copyResponse, copyWeights, matrixShape, type Matrix } from "../data.js";
import { resolveOptimizer } from "../options.js";
import { attachSummary, FitResult, toFeatureMajor } from "../fit-result.js";
import { nullModelTheta } from "../session.js";
import { abortedWarning, throwIfAborted, withSignal } from "../abort.js";
import { modelData } from "../model-data.js";
import { checkPenaltyFactor } from "../regularization/fit-path.js";
import { objectivePenalty, penaltyScales, returnedParameters } from "../training/penalty.js";
import { rescaledPenaltyFactors } from "../regularization/penalty-factor.js";
import { shiftedToPenaltyCentre } from "../regularization/penalty-centre.js";
import { sparseSummary } from "../regularization/sparse-summary.js";
import { informationFactor } from "../inference/factor.js";
import { standardizeSessions, toOriginalFactor, toOriginalScale } from "../training/standardize.js";
import { summariseResponse } from "../inference/statistics.js";
import { lazySummary } from "../inference/summary.js";
import { checkExistenceFromData } from "../diagnostics/existence.js";
import { perfectFitWarning } from "../diagnostics/perfect-fit.js";
import { checkValidationSet } from "../training/early-stopping.js";
import { checkFeatureNames, checkFitOptions, type FitOptions } from "../training/fit-options.js";
import { epochBased, writeSessionState } from "../training/partial-fit.js";
import type { TrainerCore } from "./core.js";
import { optimizerOf, part, separationReachable } from "../engine-parts.js";

/**
 * Trainer.fit: checks everything, places the data, runs the optimizer, and only when the fit has
 * succeeded makes it the trainer's model (see Trainer.fit for the contract).
 */
export function fitModel(core: TrainerCore, X: Matrix, y: ArrayLike<number>, fitOptions: FitOptions): FitResult {
  const kernels = core.idle("fit");
  const { sampleWeight, onEpoch, validation, resume, signal } = checkFitOptions(fitOptions);
  throwIfAborted(signal, "fit");
  const o = core.optionsOverride ?? core.options;
  const allRows = matrixShape(X);
  checkFeatureNames(o, allRows.cols);
  const from = resume ? core.carried.toResume(allRows.cols) : null;
  checkPenaltyFactor(o, allRows.cols);
  const given = checkValidationSet(validation, o);
  const allY = copyResponse(y, allRows.rows, o.family, o.classes, o.dtype);
  const allWeights = sampleWeight === undefined ? undefined : copyWeights(sampleWeight, allRows.rows, o.dtype);
  const allData = { X, shape: allRows, y: allY, weights: allWeights };
  // a validation set or earlyStopping is refused (checkValidationSet, validateOptions) unless the trainer's optimizer runs epochs
  const parts = given === undefined && o.earlyStopping === null ? { train: allData, validation: null } : part(core.parts, "epochs").splitForValidation(o, allData, given);
  const { shape, y: yCopy, weights } = parts.train;
  const weightTotal = weights ? weights.total : shape.rows;
  const K = o.classes;
  const d = shape.cols;

  const optimizerName = resolveOptimizer(o, d, shape.rows);
  const optimizer = optimizerOf(core.parts, optimizerName);
  checkExistenceFromData(o, yCopy, weights?.values, d, optimizerName);
  const placed = core.placeFit(kernels, parts.train, optimizer.regions ? optimizer.regions(shape.rows, d, o) : {}, parts.validation);
  const session = placed.session;
  const standardization = o.standardize === true && optimizerName !== "cd" ? standardizeSessions(session, placed.validation, o) : null;
  const monitor = placed.validation && new (part(core.parts, "epochs").ValidationMonitor)(session, placed.validation, o, o.earlyStopping?.patience ?? 0, o.earlyStopping?.minDelta ?? 0);
  if (from) writeSessionState(session, from);
  else session.writeParameters(nullModelTheta(o, d, yCopy, weights?.values));

  const abort = withSignal(onEpoch && core.guardedOnEpoch(onEpoch), signal);
  const outcome = core.runExclusively(() => core.carried.during(session, () => {
    try {
      return optimizer.run(session, o, abort.hook, monitor ?? undefined);
    } catch (error) {
      throw separationReachable(o) ? part(core.parts, "separation").separationBehind(error, session, o, optimizerName) : error;
    }
  }));
  const { history, epochs, aliased } = outcome;
  const stopReason = outcome.stopReason === "callback" && abort.aborted() ? "aborted" : outcome.stopReason;
  const carried = epochBased(optimizerName) ? core.carried.after(session) : null;
  const best = o.earlyStopping?.restoreBest ? monitor?.bestParameters() : null;
  if (best) outcome.theta = best;
  // crossValidate's own fit at lambda1se (optionsOverride) runs with options the caller did not write
  const warnings = [...((!core.optionsOverride && core.unusedWarnings?.(o, optimizerName)) || []), ...(outcome.warnings ?? [])];
  // An aborted fit returns at once: the existence probe may take as long as finishing the fit.
  if (stopReason === "aborted") warnings.push(abortedWarning(epochs, optimizerName));
  // A penalty bounds every penalised coefficient: only the unpenalised terms are checked then.
  else if (separationReachable(o)) part(core.parts, "separation").checkExistenceAfterFit(session, o, outcome.theta, epochs, optimizerName);
  // A standardised multinomial L1 fit's intercepts are centred as reported, on the original scale
  // (standardization is null for cd, which takes l1 with the epoch optimizers).
  const theta = standardization && o.l1 > 0 && K > 1
    ? shiftedToPenaltyCentre(outcome.theta, d, K, rescaledPenaltyFactors(o.penaltyFactor, d), o.l1, o.l2, standardization)
    : returnedParameters(outcome.theta, d, K, o, epochBased(optimizerName));
  session.writeParameters(theta);
  const dataMean = session.objective(0);
  // The session holds the standardised columns, and θ above is theirs; predict, the result and the summary get the original one.
  const model = standardization ? toOriginalScale(theta, standardization) : theta;
  const intercept = model.slice(d * K);
  // l2 = 0 adds nothing even when Σw² overflows (coefficients of X·1e-160 are ~1e160; 0·∞ is NaN)
  const penalty = outcome.penalty ?? objectivePenalty(session, o, theta);
  const objective = dataMean + penalty;
  if (!Number.isFinite(objective)) {
    // every epoch optimizer steps by learningRate (scheduled); newton, lbfgs and cd have none
    const stepSize = epochBased(optimizerName) ? o.learningRate : null;
    throw new DivergenceError(epochs, objective, stepSize, epochs > 0 ? history[epochs - 1] : null, null, o);
  }
  const logLikelihood = o.family.logLikelihood(dataMean * weightTotal, weightTotal, yCopy, weights?.values);
  const perfect = perfectFitWarning(o, dataMean * weightTotal, logLikelihood, yCopy, weights?.values);
  if (perfect) warnings.push(perfect);

  // Success: only now does this fit replace the previous one.
  const generation = ++core.generation;
  core.fitted = { theta: model, features: d };
  core.carried.set(standardization ? null : carried, d);
  core.liveFit = { generation, session };
  core.releasedBy = "fit";
  const response = summariseResponse(o.family.name, yCopy, weights?.values, K);
  // cd standardises through its penalty (Σ fⱼ·(l2/2)·(σⱼwⱼ)² on X as given), the others by the data: their session holds z
  const summaryFactor = (fitted: typeof session) =>
    toOriginalFactor(informationFactor(fitted, o, theta, aliased ?? [], optimizerName === "cd" ? penaltyScales(fitted, o) : null), standardization);
  const summary = o.l1 > 0 ? sparseSummary({
    family: o.family.name, link: o.family.link, response, dataLoss: dataMean * weightTotal, logLikelihood, fitIntercept: o.fitIntercept,
    l1: o.l1, l2: o.l2, optimizer: optimizerName, iterations: epochs, converged: stopReason === "converged", stopReason, warnings,
    featureNames: o.featureNames ?? Array.from({ length: d }, (_, j) => `x${j}`), coefficients: toFeatureMajor(model, d, K),
    intercept, classes: K, nobs: shape.rows,
  }) : lazySummary(
    () => ({
      family: o.family.name, link: o.family.link, factor: summaryFactor(core.sessionOf(generation)), response,
      dataLoss: dataMean * weightTotal, logLikelihood, fitIntercept: o.fitIntercept, l2: o.l2, optimizer: optimizerName,
      iterations: epochs, converged: stopReason === "converged", stopReason, warnings,
    }),
    () => void core.sessionOf(generation),
  );
  const coefficients = toFeatureMajor(model, d, K);
  const { featureNames, options } = modelData(o, coefficients, intercept, d, optimizerName);
  return attachSummary(new FitResult({
    coefficients,
    intercept: intercept.slice(),
    objective,
    logLikelihood,
    history,
    validationHistory: Float64Array.from(monitor?.history ?? []),
    bestEpoch: monitor?.bestEpoch ?? null,
    epochs,
    converged: stopReason === "converged",
    stopReason,
    family: o.family.name,
    classes: K,
    features: d,
    optimizer: optimizerName,
    dtype: o.dtype,
    kernels: kernels.build,
    nobs: shape.rows,
    weightTotal,
    warnings: [...warnings],
    aliased: aliased ?? [],
    featureNames,
    fitIntercept: o.fitIntercept,
    options,
  }), summary);
}
