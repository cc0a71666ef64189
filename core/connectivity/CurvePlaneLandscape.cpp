#include "core/connectivity/CurvePlaneLandscape.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <filesystem>
#include <random>

#include "core/common/Error.h"
#include "core/evaluation/LoadedSet.h"
#include "core/landscape/DirectionFile.h"

namespace modescape::connectivity {

namespace fs = std::filesystem;

namespace {

at::Tensor toTensor(const Eigen::VectorXd& v) {
    return at::from_blob(const_cast<double*>(v.data()), {v.size()}, at::kDouble)
        .to(at::kFloat)
        .clone();
}

// The landscape engine reads directions only from members or files, and the
// bend is no member: hand it the plane as a direction file that lives for the
// duration of the job.
class TemporaryDirectionFile {
  public:
    TemporaryDirectionFile() {
        std::random_device random;
        path_ = (fs::temp_directory_path() /
                 ("modescape-curve-plane-" + std::to_string(random()) + ".safetensors"))
                    .string();
    }
    ~TemporaryDirectionFile() {
        std::error_code ignored;
        fs::remove(path_, ignored);
    }
    const std::string& path() const { return path_; }

  private:
    std::string path_;
};

// count points centred on the values' range, spanning `span`.
landscape::GridAxis axisAround(const std::vector<double>& values, double span, int count) {
    const auto [low, high] = std::minmax_element(values.begin(), values.end());
    landscape::GridAxis axis;
    axis.from = (*low + *high - span) / 2;
    axis.to = (*low + *high + span) / 2;
    axis.count = count;
    return axis;
}

}  // namespace

const model::ParameterSet& middleBend(const PathCurve& curve) {
    if (curve.bends() < 3)
        throw InvalidArgument(std::string("curve plane: a ") + pathKindName(curve.kind()) +
                              " path has no middle bend; train a Bezier or polychain curve");
    return curve.points()[static_cast<std::size_t>(curve.bends() / 2)];
}

Eigen::VectorXd flatParameters(const model::ParameterSet& weights) {
    const at::Tensor flat = weights.flatten().to(at::kDouble).contiguous();
    return Eigen::Map<const Eigen::VectorXd>(flat.data_ptr<double>(), flat.numel());
}

WeightPlane curvePlane(const PathCurve& curve) {
    return planeThroughPoints(flatParameters(curve.points().front()),
                              flatParameters(curve.points().back()),
                              flatParameters(middleBend(curve)));
}

void projectCurve(const PathCurve& curve, const WeightPlane& plane, int points,
                  std::vector<double>& t, std::vector<double>& x, std::vector<double>& y) {
    if (points < 2)
        throw InvalidArgument("curve plane: at least 2 curve points are needed");
    t.clear();
    x.clear();
    y.clear();
    for (int i = 0; i < points; ++i) {
        const double ti = static_cast<double>(i) / (points - 1);
        const Eigen::Vector2d xy = planeCoordinates(plane, flatParameters(curve.weightsAt(ti)));
        t.push_back(ti);
        x.push_back(xy.x());
        y.push_back(xy.y());
    }
}

CurvePlaneResult computeCurvePlane(evaluation::LoadedSet& set, const PathCurve& curve,
                                   const std::string& memberA, const std::string& memberB,
                                   const CurvePlaneSettings& settings, const JobContext& job,
                                   const landscape::RowCallback& onRow,
                                   const landscape::LandscapeResult* earlier) {
    if (settings.gridPoints < 2 || settings.margin < 0.0)
        throw InvalidArgument("curve plane: needs at least 2 grid points and a margin >= 0");
    job.report(0.0, "curve plane: projecting the curve");
    const WeightPlane plane = curvePlane(curve);
    CurvePlaneResult out;
    out.kind = curve.kind();
    out.memberA = memberA;
    out.memberB = memberB;
    projectCurve(curve, plane, settings.curvePoints, out.t, out.x, out.y);
    const Eigen::Vector2d bend = planeCoordinates(plane, flatParameters(middleBend(curve)));
    out.bendX = bend.x();
    out.bendY = bend.y();

    std::vector<double> xs = out.x, ys = out.y;
    xs.insert(xs.end(), {0.0, 1.0, bend.x()});
    ys.insert(ys.end(), {0.0, 0.0, bend.y()});
    const double extent =
        std::max(*std::max_element(xs.begin(), xs.end()) - *std::min_element(xs.begin(), xs.end()),
                 *std::max_element(ys.begin(), ys.end()) - *std::min_element(ys.begin(), ys.end()));

    const model::ParameterSet a = curve.points().front().parameters();
    TemporaryDirectionFile directions;
    landscape::writeDirectionFile(directions.path(), a.unflatten(toTensor(plane.u)),
                                  a.unflatten(toTensor(plane.v)));
    landscape::LandscapeSettings s;
    s.centerMembers = {memberA};
    s.directions = landscape::DirectionSource::File;
    s.directionFile = directions.path();
    s.dimensions = 2;
    // A square window (u and v have the same length), so the figure keeps the
    // curve's true shape, like Garipov et al.'s.
    const double span = extent * (1.0 + 2.0 * settings.margin);
    s.x = axisAround(xs, span, settings.gridPoints);
    s.y = axisAround(ys, span, settings.gridPoints);
    s.split = settings.split;
    s.subset = settings.subset;
    s.recomputeBatchNorm = set.model().hasBatchNorm();
    out.surface = landscape::makeEmptyResult(s);
    if (earlier) {
        if (earlier->xs != out.surface.xs || earlier->ys != out.surface.ys ||
            earlier->loss.size() != out.surface.loss.size())
            throw InvalidArgument("curve plane: the surface to continue has another grid");
        landscape::LandscapeResult continued = *earlier;
        continued.settings = s;  // this run's direction file: the same plane, written again
        out.surface = std::move(continued);
    }
    landscape::computeLandscape(set, out.surface, job, onRow);
    out.surface.markers = {
        {memberA, 0.0, 0.0}, {memberB, 1.0, 0.0}, {"bend", out.bendX, out.bendY}};
    return out;
}

}  // namespace modescape::connectivity
