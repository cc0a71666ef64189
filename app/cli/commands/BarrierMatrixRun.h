#pragma once
// The barrier matrix as `modescape barrier-matrix SET` and `modescape connect
// SET --matrix` compute and print it: values of the barrier-matrix analysis
// in, the table (or --json) on stdout, --out as JSON, --png as the heatmap.

#include <string>

#include "core/analysis/Parameter.h"
#include "core/jobs/Progress.h"

namespace modescape::cli {

class FigureOptions;
class SetArgument;

struct MatrixOutputs {
    std::string out;  // JSON file, written atomically; empty = none
    bool json = false;
    const FigureOptions* figure = nullptr;
};

// Opens the set, complete()s `given` against it, computes and reports.
// Returns the exit code.
int runBarrierMatrix(const SetArgument& set, const analysis::ParameterValues& given,
                     const MatrixOutputs& outputs, const JobContext& context);

}  // namespace modescape::cli
