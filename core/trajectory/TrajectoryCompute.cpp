#include "core/trajectory/TrajectoryCompute.h"

#include "core/common/Error.h"
#include "core/common/Log.h"
#include "core/evaluation/LoadedSet.h"
#include "core/jobs/ProgressPart.h"
#include "core/landscape/LandscapeOnDirections.h"
#include "core/trajectory/TrajectoryMembers.h"
#include "core/trajectory/TrajectoryPlane.h"

namespace modescape::trajectory {
namespace {

std::vector<TrajectoryPoint> membersOf(const io::CheckpointSet& set,
                                       const std::vector<std::string>& groups,
                                       const std::string& flag) {
    std::vector<TrajectoryPoint> points;
    for (const auto& g : groups) {
        auto group = orderedGroup(set, g, flag);
        points.insert(points.end(), group.begin(), group.end());
    }
    return points;
}

std::vector<std::string> namesOf(const std::vector<TrajectoryPoint>& points) {
    std::vector<std::string> names;
    for (const auto& p : points)
        names.push_back(p.name);
    return names;
}

// The surface's settings: the plane's centre and members, a 2-D grid over
// every drawn point when fitRange (the landscape's margin and rounding).
landscape::LandscapeSettings surfaceSettings(const TrajectorySettings& s, const std::string& centre,
                                             const std::vector<TrajectoryPoint>& drawn) {
    landscape::LandscapeSettings surface = s.surface;
    surface.dimensions = 2;
    surface.centerMembers = {centre};
    // Recorded as PCA over the path members: the nearest of the landscape's
    // words (the centring differs; the analysis's provenance says which).
    surface.directions = landscape::DirectionSource::Pca;
    surface.directionMembers.clear();
    for (const auto& p : drawn)
        surface.directionMembers.push_back(p.name);
    if (surface.fitRange) {
        std::vector<double> xs, ys;
        for (const auto& p : drawn) {
            xs.push_back(p.alpha);
            ys.push_back(p.beta);
        }
        surface.x = landscape::fittedAxis(xs, surface.x.count);
        surface.y = landscape::fittedAxis(ys, surface.y.count);
        surface.fitRange = false;  // fitted here, over the scatter too
    }
    return surface;
}

}  // namespace

std::string centerMember(const io::CheckpointSet& set, const TrajectorySettings& s) {
    if (s.groups.empty())
        throw InvalidArgument("--group: name at least one trajectory group");
    if (s.center.empty() || s.center == kLastMember)
        return orderedGroup(set, s.groups.front()).back().name;
    if (!set.findMember(s.center))
        throw InvalidArgument("--center: " + set.folder + " has no member named '" + s.center +
                              "' (give a member's name or 'last')");
    return s.center;
}

TrajectoryResult computeTrajectory(evaluation::LoadedSet& set, const TrajectorySettings& s,
                                   const JobContext& job, const PartialCallback& onPartial) {
    TrajectoryResult result;
    result.groups = s.groups;
    result.centerName = centerMember(set.set(), s);
    result.path = membersOf(set.set(), s.groups, "--group");
    result.scatter = membersOf(set.set(), s.scatterGroups, "--scatter");

    landscape::LandscapeInputs inputs;
    const landscape::MemberWeights weights = [&](const std::string& name) {
        auto w = set.weights(name);
        inputs.members[name] = landscape::contentHashOf(w);
        return w;
    };
    const auto scope = s.surface.scope;
    job.report(0.0, "trajectory: PCA plane");
    const TrajectoryPlane plane = trajectoryPlane(namesOf(result.path), result.centerName, weights,
                                                  scope, progressPart(job, 0.0, 0.1));
    result.explainedVariance = plane.explainedVariance;
    result.componentVariance = plane.componentVariance;
    result.pcaAlgorithm = plane.algorithm;
    log::info("trajectory plane: " + plane.algorithm + ", explained variance " +
              std::to_string(plane.explainedVariance));
    projectOnto(plane, result.path, weights, scope, progressPart(job, 0.1, 0.15));
    projectOnto(plane, result.scatter, weights, scope, progressPart(job, 0.15, 0.2));

    std::vector<TrajectoryPoint> drawn = result.path;
    drawn.insert(drawn.end(), result.scatter.begin(), result.scatter.end());
    result.surface = landscape::makeEmptyResult(surfaceSettings(s, result.centerName, drawn));

    landscape::LandscapeDirections directions;
    directions.center = plane.center;
    directions.x = plane.x;
    directions.y = plane.y;
    directions.centerName = result.centerName;
    directions.members = namesOf(drawn);
    directions.markers = {{result.centerName, 0.0, 0.0}};
    directions.pcaAlgorithm = plane.algorithm;
    try {
        landscape::computeLandscapeOn(set, result.surface, directions, std::move(inputs),
                                      progressPart(job, 0.2, 1.0),
                                      [&](const landscape::LandscapeResult& partial, int) {
                                          if (!onPartial)
                                              return;
                                          TrajectoryResult copy = result;
                                          copy.surface = partial;
                                          onPartial(copy);
                                      });
    } catch (const Cancelled&) {
        if (onPartial)
            onPartial(result);
        throw;
    }
    return result;
}

}  // namespace modescape::trajectory
