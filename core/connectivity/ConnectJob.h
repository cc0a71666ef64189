#pragma once
// The jobs behind `modescape connect SET A B` and the GUI's path view: build
// the path between two members (aligning B to A by weight matching for the
// aligned path, training the middle bends for curves), then evaluate it.

#include <string>

#include "core/connectivity/PathCurve.h"
#include "core/connectivity/PathEvaluator.h"
#include "core/connectivity/PathResult.h"
#include "core/connectivity/PathSettings.h"
#include "core/jobs/Progress.h"
#include "core/model/Model.h"

namespace modescape::evaluation {
class LoadedSet;
}
namespace modescape::symmetry {
struct SymmetrySpec;
}

namespace modescape::connectivity {

struct ConnectOutcome {
    PathResult result;
    // The path's control points: A, the (trained) middle bends, B (B
    // weight-matched to A for the aligned path). Save with saveCurve.
    PathCurve curve;
};

// The engine on weights in hand. spec is needed (non-null) for the aligned
// path only. Throws InvalidArgument for bad settings or a missing spec,
// ShapeMismatch when a and b differ, Cancelled, Error when training diverges.
ConnectOutcome connectWeights(const model::Model& model, const model::ParameterSet& a,
                              const model::ParameterSet& b, const PathData& data,
                              const PathSettings& settings, const symmetry::SymmetrySpec* spec,
                              const JobContext& job, const PathPointCallback& onPoint = {});

// connectWeights in two steps, so that a cancelled path can be continued on
// the curve it built: buildPath aligns B and trains the bends (the result
// holds kind, bends and the training's epoch losses, no points yet);
// evaluateBuiltPath evaluates the points path.result lacks (evaluatePath).
ConnectOutcome buildPath(const model::Model& model, const model::ParameterSet& a,
                         const model::ParameterSet& b, const PathData& data,
                         const PathSettings& settings, const symmetry::SymmetrySpec* spec,
                         const JobContext& job);
void evaluateBuiltPath(const model::Model& model, ConnectOutcome& path, const PathData& data,
                       const PathSettings& settings, const JobContext& job,
                       const PathPointCallback& onPoint = {});

// The same for two members of a set, on its "train" and (when it has one,
// and settings.evaluateTest) "test" splits. Throws InvalidArgument for an
// unknown member, A == B, bad settings, a set without a training split, or an
// aligned path on a model without a symmetry spec.
ConnectOutcome connectMembers(evaluation::LoadedSet& set, const std::string& memberA,
                              const std::string& memberB, const PathSettings& settings,
                              const JobContext& job, const PathPointCallback& onPoint = {});
// connectMembers in the two steps above (the member names in the result).
ConnectOutcome buildMemberPath(evaluation::LoadedSet& set, const std::string& memberA,
                               const std::string& memberB, const PathSettings& settings,
                               const JobContext& job);
void evaluateMemberPath(evaluation::LoadedSet& set, ConnectOutcome& path,
                        const PathSettings& settings, const JobContext& job,
                        const PathPointCallback& onPoint = {});

}  // namespace modescape::connectivity
