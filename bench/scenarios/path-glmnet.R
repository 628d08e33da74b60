# Times R glmnet on the data bench/scenarios/path.js wrote (f64 little-endian, X row-major), single
# threaded (glmnet's Fortran is; BLAS is not used by it), and prints one JSON line per family:
# the wall and CPU (user + system) time of glmnet() and its path (λ, df, dev.ratio, last coefficients)
# for the agreement check.
#   Rscript bench/scenarios/path-glmnet.R <dir> <n> <d> <repeats>
suppressMessages(library(glmnet))
args <- commandArgs(trailingOnly = TRUE)
dir <- args[1]; n <- as.integer(args[2]); d <- as.integer(args[3]); repeats <- as.integer(args[4])
X <- matrix(readBin(file.path(dir, "X.bin"), "double", n * d, endian = "little"), n, d, byrow = TRUE)
num <- function(v) paste0("[", paste(formatC(v, digits = 17, format = "g"), collapse = ","), "]")
for (family in c("gaussian", "binomial")) {
  y <- readBin(file.path(dir, paste0(family, ".bin")), "double", n, endian = "little")
  times <- numeric(repeats)
  cpu <- numeric(repeats)
  for (r in seq_len(repeats)) {
    t <- system.time(f <- glmnet(X, y, family = family, nlambda = 100))
    times[r] <- t[["elapsed"]]
    cpu[r] <- t[["user.self"]] + t[["sys.self"]]
  }
  last <- length(f$lambda)
  cat(sprintf('{"family":"%s","seconds":%s,"cpuSeconds":%s,"lambdas":%s,"df":%s,"devianceRatio":%s,"lastCoefficients":%s,"glmnet":"%s"}\n',
              family, num(times), num(cpu), num(f$lambda), num(f$df), num(f$dev.ratio), num(as.numeric(f$beta[, last])), packageVersion("glmnet")))
}
