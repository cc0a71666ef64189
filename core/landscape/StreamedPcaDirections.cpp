#include "core/landscape/StreamedPcaDirections.h"

#include <ATen/ATen.h>

#include <Eigen/Dense>
#include <algorithm>

#include "core/common/Error.h"
#include "core/common/Log.h"
#include "core/landscape/RandomDirection.h"
#include "core/projection/MemberRowSource.h"
#include "core/projection/PcaChoice.h"
#include "core/projection/RandomizedPca.h"
#include "core/projection/StreamedGram.h"

namespace modescape::landscape {
namespace {

std::int64_t coveredCount(const model::ParameterSet& set, DirectionScope scope) {
    std::int64_t count = 0;
    for (const auto& e : set.entries())
        if (coveredByScope(e, scope))
            count += e.tensor.numel();
    return count;
}

// The selection's covered tensors as float32 rows, read on demand.
class CoveredRows : public projection::MemberRowSource {
  public:
    CoveredRows(const std::vector<std::string>& names, const MemberWeights& weights,
                DirectionScope scope, std::int64_t parameters)
        : names_(names), weights_(weights), scope_(scope), parameters_(parameters) {}

    int64_t memberCount() const override { return int64_t(names_.size()); }
    int64_t parameterCount() const override { return parameters_; }

    void read(int64_t first, const projection::MemberVisitor& visit,
              const JobContext& context) const override {
        for (int64_t i = first; i < memberCount(); ++i) {
            context.checkCancelled();
            const at::Tensor row =
                flatCovered(weights_(names_[std::size_t(i)]), scope_).to(at::kFloat).contiguous();
            if (row.numel() != parameters_)
                throw ShapeMismatch("landscape PCA: member " + names_[std::size_t(i)] + " has " +
                                    std::to_string(row.numel()) +
                                    " parameters in the direction scope, the first member " +
                                    std::to_string(parameters_));
            visit(i, row);
        }
    }

  private:
    const std::vector<std::string>& names_;
    const MemberWeights& weights_;
    DirectionScope scope_;
    std::int64_t parameters_;
};

// V = X0^T U S^-1 in one pass: sum_i (x_i - x_0) w_i, centred exactly by the
// column sums s of the shifted rows (X0^T w = X'^T w - s mean(w)). Zero
// columns for zero singular values, as projection::pcaComponents.
std::vector<at::Tensor> componentsPass(const projection::MemberRowSource& rows,
                                       const projection::PcaResult& pca, const JobContext& job) {
    const auto k = static_cast<int64_t>(pca.singularValues.size());
    const int64_t n = rows.memberCount(), d = rows.parameterCount();
    const double tiny =
        1e-12 * std::max(1e-300, pca.singularValues.empty() ? 0.0 : pca.singularValues[0]);
    Eigen::MatrixXd w = pca.leftVectors;
    for (int64_t j = 0; j < k; ++j) {
        if (pca.singularValues[std::size_t(j)] > tiny) {
            w.col(j) /= pca.singularValues[std::size_t(j)];
        } else {
            w.col(j).setZero();
            log::warning("PCA component " + std::to_string(j + 1) +
                         " has zero variance; its direction is left as zeros");
        }
    }
    std::vector<at::Tensor> sums(static_cast<std::size_t>(k));
    for (auto& t : sums)
        t = at::zeros({d}, at::kDouble);
    at::Tensor first, columnSums = at::zeros({d}, at::kDouble);
    rows.read(
        0,
        [&](int64_t i, const at::Tensor& row) {
            job.report(double(i) / double(n), "PCA directions: member " + std::to_string(i + 1) +
                                                  " / " + std::to_string(n));
            if (i == 0)
                first = row.to(at::kDouble);
            const at::Tensor shifted = row.to(at::kDouble) - first;
            columnSums.add_(shifted);
            for (int64_t j = 0; j < k; ++j)
                sums[std::size_t(j)].add_(shifted, w(i, j));
        },
        job);
    for (int64_t j = 0; j < k; ++j)
        sums[std::size_t(j)].sub_(columnSums, w.col(j).sum() / double(n));
    return sums;
}

}  // namespace

StreamedPca streamedPrincipalDirections(const std::vector<std::string>& names,
                                        const MemberWeights& weights,
                                        const model::ParameterSet& like, DirectionScope scope,
                                        std::uint64_t seed, const JobContext& job) {
    if (names.size() < 3)
        throw InvalidArgument(tooFewPcaMembers(names.size()));
    const CoveredRows rows(names, weights, scope, coveredCount(like, scope));
    projection::RandomizedPcaOptions randomized;
    randomized.components = 2;
    randomized.seed = seed;
    const projection::PcaAlgorithm algorithm = projection::choosePcaAlgorithm(
        projection::PcaAlgorithm::Auto, rows.memberCount(), rows.parameterCount(), randomized);
    StreamedPca result;
    projection::PcaResult pca;
    if (algorithm == projection::PcaAlgorithm::Randomized) {
        projection::RandomizedPcaRun run = projection::randomizedPca(rows, randomized, job);
        result.algorithm = projection::describeRandomizedPca(randomized, run);
        pca = std::move(run.pca);
    } else {
        int64_t passes = 0;
        const projection::GramMatrices gram = projection::streamedGram(rows, job, &passes);
        result.algorithm = "exact (Gram matrix, " + std::to_string(passes) +
                           (passes == 1 ? " pass" : " passes") + " over the members)";
        pca = projection::pcaFromGram(gram.centred, 2);
    }
    const std::vector<at::Tensor> v = componentsPass(rows, pca, job);
    result.directions.first = unflatCovered(v[0], like, scope);
    if (v.size() > 1)
        result.directions.second = unflatCovered(v[1], like, scope);
    result.directions.explainedVarianceRatio = pca.explainedVarianceRatio;
    return result;
}

model::ParameterSet streamedMean(const std::vector<std::string>& names,
                                 const MemberWeights& weights, const JobContext& job) {
    if (names.empty())
        throw InvalidArgument("mean of members: no members given");
    // Running float64 sums in member order, as meanOf: the same numbers.
    // Integer buffers come from the first member, as meanOf's do.
    std::vector<model::ParameterSet::Entry> sums;
    {
        const model::ParameterSet first = weights(names.front());
        for (const auto& e : first.entries())
            sums.push_back({e.name,
                            at::isFloatingType(e.tensor.scalar_type())
                                ? e.tensor.to(at::kDouble).clone()
                                : e.tensor.clone(),
                            e.role});
    }
    for (std::size_t i = 1; i < names.size(); ++i) {
        job.checkCancelled();
        const model::ParameterSet member = weights(names[i]);
        for (auto& sum : sums)
            if (sum.tensor.scalar_type() == at::kDouble)
                sum.tensor.add_(member.at(sum.name).to(at::kDouble));
    }
    model::ParameterSet mean;
    for (const auto& sum : sums)
        mean.add(sum.name,
                 sum.tensor.scalar_type() == at::kDouble
                     ? (sum.tensor / static_cast<double>(names.size())).to(at::kFloat)
                     : sum.tensor,
                 sum.role);
    return mean;
}

}  // namespace modescape::landscape
