#pragma once
// A trained curve drawn on the loss landscape of its own plane: the plane
// through A, B and the curve's middle bend (CurvePlane.h), the loss computed
// on a grid over it by the landscape engine, and the curve theta(t) projected
// onto it. Plain data out; the job behind the GUI's "curve on a landscape" view.

#include <string>
#include <vector>

#include "core/connectivity/CurvePlane.h"
#include "core/connectivity/CurvePlaneResult.h"
#include "core/connectivity/PathCurve.h"
#include "core/connectivity/PathSettings.h"
#include "core/jobs/Progress.h"
#include "core/landscape/LandscapeCompute.h"

namespace modescape::evaluation {
class LoadedSet;
}

namespace modescape::connectivity {

// The control point the plane goes through: the middle one (index n / 2).
// Throws InvalidArgument for a curve without middle bends.
const model::ParameterSet& middleBend(const PathCurve& curve);

// Parameters (buffers left out) flattened to doubles, in the set's order.
Eigen::VectorXd flatParameters(const model::ParameterSet& weights);

// The plane through the curve's ends and middle bend (parameters only).
WeightPlane curvePlane(const PathCurve& curve);

// theta(t_i), t_i = i / (points - 1), projected onto the plane.
void projectCurve(const PathCurve& curve, const WeightPlane& plane, int points,
                  std::vector<double>& t, std::vector<double>& x, std::vector<double>& y);

// The whole job: plane, curve coordinates, then the grid (rows reported as
// they finish, as computeLandscape does). A must be the set's member memberA
// (the curve's first point); B need not be a member. Throws InvalidArgument
// (no middle bend, a bend on the line, bad settings, unknown member), what
// computeLandscape throws, Cancelled. `earlier`, the surface of a cancelled
// run on the same curve and settings, is continued: its computed grid points
// are kept (InvalidArgument when its grid differs, InputsChanged when the
// members or data do).
CurvePlaneResult computeCurvePlane(evaluation::LoadedSet& set, const PathCurve& curve,
                                   const std::string& memberA, const std::string& memberB,
                                   const CurvePlaneSettings& settings, const JobContext& job,
                                   const landscape::RowCallback& onRow = {},
                                   const landscape::LandscapeResult* earlier = nullptr);

}  // namespace modescape::connectivity
