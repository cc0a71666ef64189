#include "core/trajectory/TrajectoryPlane.h"

#include <ATen/ATen.h>

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>

#include "core/common/Error.h"
#include "core/jobs/ProgressPart.h"
#include "core/landscape/MemberDirections.h"
#include "core/projection/MemberRowSource.h"
#include "core/projection/Pca.h"
#include "core/projection/StreamedGram.h"

namespace modescape::trajectory {
namespace {

using landscape::DirectionScope;
using landscape::flatCovered;

// The displacements w_i - c of the path members as float32 rows, read on
// demand (the Gram matrix accumulates their products in float64).
class DisplacementRows : public projection::MemberRowSource {
  public:
    DisplacementRows(const std::vector<std::string>& names, const landscape::MemberWeights& weights,
                     const at::Tensor& center, DirectionScope scope)
        : names_(names), weights_(weights), center_(center), scope_(scope) {}

    int64_t memberCount() const override { return int64_t(names_.size()); }
    int64_t parameterCount() const override { return center_.numel(); }

    void read(int64_t first, const projection::MemberVisitor& visit,
              const JobContext& context) const override {
        for (int64_t i = first; i < memberCount(); ++i) {
            context.checkCancelled();
            visit(i, displacement(i).to(at::kFloat).contiguous());
        }
    }

    // Member i's displacement in float64.
    at::Tensor displacement(int64_t i) const {
        const std::string& name = names_[std::size_t(i)];
        const at::Tensor row = flatCovered(weights_(name), scope_);
        if (row.numel() != center_.numel())
            throw ShapeMismatch("trajectory: member " + name + " has " +
                                std::to_string(row.numel()) +
                                " parameters in the direction scope, the centre " +
                                std::to_string(center_.numel()));
        return row - center_;
    }

  private:
    const std::vector<std::string>& names_;
    const landscape::MemberWeights& weights_;
    at::Tensor center_;
    DirectionScope scope_;
};

}  // namespace

TrajectoryPlane trajectoryPlane(const std::vector<std::string>& path, const std::string& center,
                                const landscape::MemberWeights& weights, DirectionScope scope,
                                const JobContext& job) {
    TrajectoryPlane plane;
    plane.center = weights(center);
    const at::Tensor c = flatCovered(plane.center, scope);
    const DisplacementRows rows(path, weights, c, scope);
    if (rows.memberCount() < 2)
        throw InvalidArgument(
            "trajectory: a plane needs at least two members besides the centre (" +
            std::to_string(path.size()) + " given)");

    // The uncentred Gram matrix D D^T: its top eigenvectors u_j and values
    // s_j^2 give the right singular vectors x_j = D^T u_j / s_j.
    int64_t passes = 0;
    const projection::GramMatrices gram =
        projection::streamedGram(rows, progressPart(job, 0.0, 0.5), &passes);
    plane.algorithm = "exact (Gram matrix of the displacements, " + std::to_string(passes) +
                      (passes == 1 ? " pass" : " passes") + ")";
    const projection::PcaResult pca = projection::pcaFromGram(gram.raw, 2);
    const double total = gram.raw.trace();
    if (pca.singularValues.size() < 2 || total <= 0 ||
        pca.singularValues[1] <= 1e-12 * pca.singularValues[0])
        throw InvalidArgument("trajectory: the members' displacements from " + center +
                              " span fewer than two directions; no plane can be fitted");
    plane.componentVariance = {pca.explainedVarianceRatio[0], pca.explainedVarianceRatio[1]};
    plane.explainedVariance = plane.componentVariance[0] + plane.componentVariance[1];

    std::vector<at::Tensor> sums{at::zeros_like(c), at::zeros_like(c)};
    const JobContext second = progressPart(job, 0.5, 1.0);
    for (int64_t i = 0; i < rows.memberCount(); ++i) {
        second.report(double(i) / double(rows.memberCount()), "trajectory plane: directions");
        second.checkCancelled();
        const at::Tensor d = rows.displacement(i);
        for (int j = 0; j < 2; ++j)
            sums[std::size_t(j)].add_(d,
                                      pca.leftVectors(i, j) / pca.singularValues[std::size_t(j)]);
    }
    // Unit length exactly (the eigen-solver's rounding aside).
    for (auto& v : sums)
        v.div_(v.norm());
    plane.flatX = sums[0];
    plane.flatY = sums[1];
    plane.x = landscape::unflatCovered(sums[0], plane.center, scope);
    plane.y = landscape::unflatCovered(sums[1], plane.center, scope);
    return plane;
}

void projectOnto(const TrajectoryPlane& plane, std::vector<TrajectoryPoint>& points,
                 const landscape::MemberWeights& weights, DirectionScope scope,
                 const JobContext& job) {
    const at::Tensor c = flatCovered(plane.center, scope);
    const at::Tensor& x = plane.flatX;
    const at::Tensor& y = plane.flatY;
    for (std::size_t i = 0; i < points.size(); ++i) {
        job.report(double(i) / double(points.size()), "trajectory: projecting members");
        job.checkCancelled();
        const at::Tensor w = flatCovered(weights(points[i].name), scope);
        if (w.numel() != c.numel())
            throw ShapeMismatch(
                "trajectory: member " + points[i].name + " has " + std::to_string(w.numel()) +
                " parameters in the direction scope, the centre " + std::to_string(c.numel()));
        const at::Tensor d = w - c;
        const double a = d.dot(x).item<double>();
        const double b = d.dot(y).item<double>();
        // The residual directly (not sqrt(|d|^2 - a^2 - b^2)), so that a small
        // error does not drown in cancellation.
        const double residual = (d - a * x - b * y).norm().item<double>();
        const double distance = d.norm().item<double>();
        points[i].alpha = a;
        points[i].beta = b;
        points[i].distance = distance;
        points[i].projectionError = distance > 0 ? residual / distance : 0.0;
    }
}

}  // namespace modescape::trajectory
