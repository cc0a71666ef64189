#pragma once
// The forward passes of `calibrate` shared over MPI ranks (docs/mpi.md): the
// members are the units; each rank computes its members' probabilities on
// the datasets asked for (through its own prediction cache) and sends them to
// rank 0, which stores them in its prediction cache. Rank 0's calibration then
// reads every member from that cache: the same tensors a single process
// computes, so the same report bit for bit.

#include <string>
#include <vector>

#include "core/parallel/SharedWork.h"

namespace modescape::data {
struct Dataset;
}
namespace modescape::evaluation {
class LoadedSet;
class PredictionCache;
}  // namespace modescape::evaluation

namespace modescape::parallel {

// Collective. `roles`: the dataset roles of the set to predict ("test",
// "ood"). Throws what the forward passes and reading the weights throw.
ShareReport sharePredictions(evaluation::LoadedSet& loaded,
                             const evaluation::PredictionCache& cache,
                             const std::vector<std::string>& members,
                             const std::vector<std::string>& roles, const JobContext& job);
// The same on given datasets (function space: the first --samples samples of
// a split, symmetry::functionSampleData).
ShareReport sharePredictions(evaluation::LoadedSet& loaded,
                             const evaluation::PredictionCache& cache,
                             const std::vector<std::string>& members,
                             const std::vector<data::Dataset>& datasets, const JobContext& job);

}  // namespace modescape::parallel
