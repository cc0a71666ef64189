#pragma once
// The projection tests' streamed sets: members with a known, decaying
// spectrum, a source that hands rows over in pieces (as a checkpoint's
// tensors), and a context that cancels itself.
#include <QtTest>

#include <ATen/ATen.h>

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>

#include "core/common/Error.h"
#include "core/jobs/Progress.h"
#include "core/projection/MemberRowSource.h"

namespace test {

using modescape::CancellationToken;
using modescape::IoError;
using modescape::JobContext;
using modescape::projection::MemberPiecesVisitor;
using modescape::projection::MemberRowSource;
using modescape::projection::MemberVisitor;

// N x D float32 members x_i = r + sum_j u_ij sigma_j v_j + noise: a shared offset
// r (like checkpoints of one network), orthonormal U and V, sigma_j = 40 * 0.5^j
// for 20 directions (fewer in small sets) and isotropic noise of 1e-4 — so the top singular values
// are far apart (ratio 2) and far above the tail.
// slowSpectrum: sigma_j = 40 / (j + 1) for 100 directions instead, a spectrum
// with no gap after the top components (the hard case for a range finder).
inline at::Tensor decayingSet(int64_t n, int64_t d, uint64_t seed, bool slowSpectrum = false) {
    at::manual_seed(seed);
    const int64_t rank = std::min<int64_t>({slowSpectrum ? 100 : 20, n, d});
    const at::Tensor u = std::get<0>(at::linalg_qr(at::randn({n, rank}, at::kDouble)));
    const at::Tensor v = std::get<0>(at::linalg_qr(at::randn({d, rank}, at::kDouble)));
    at::Tensor sigma = at::empty({rank}, at::kDouble);
    for (int64_t j = 0; j < rank; ++j)
        sigma[j] = slowSpectrum ? 40.0 / double(j + 1) : 40.0 * std::pow(0.5, double(j));
    const at::Tensor offset = 3.0 + at::rand({1, d}, at::kDouble);
    return (offset + at::mm(u * sigma, v.t()) + 1e-4 * at::randn({n, d}, at::kDouble))
        .to(at::kFloat);
}

inline double relativeDifference(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
    return (a - b).cwiseAbs().maxCoeff() / std::max(1e-300, a.cwiseAbs().maxCoeff());
}

// A context that cancels itself after `reports` progress reports.
inline JobContext cancellingAfter(int reports) {
    JobContext context;
    auto count = std::make_shared<int>(0);
    const CancellationToken token = context.cancel;
    context.progress = [count, token, reports](double, const std::string&) {
        if (++*count >= reports)
            token.cancel();
    };
    return context;
}

// Rows handed over in three pieces (as a checkpoint's tensors are), member
// `bad` (if any) one parameter short, and an IoError at member `failAt`.
class PiecewiseRows : public MemberRowSource {
  public:
    explicit PiecewiseRows(at::Tensor rows, int64_t bad = -1, int64_t failAt = -1)
        : rows_(std::move(rows)), bad_(bad), failAt_(failAt) {}
    int64_t memberCount() const override { return rows_.size(0); }
    int64_t parameterCount() const override { return rows_.size(1); }
    void read(int64_t, const MemberVisitor&, const JobContext&) const override {
        QFAIL("the float32 randomized PCA reads pieces");
    }
    void readPieces(int64_t first, const MemberPiecesVisitor& visit,
                    const JobContext& context) const override {
        const int64_t d = rows_.size(1), a = d / 3, b = d / 2;
        for (int64_t i = first; i < memberCount(); ++i) {
            context.checkCancelled();
            if (i == failAt_)
                throw IoError("member" + std::to_string(i) + ".pt", "cannot read");
            const at::Tensor row = rows_[i];
            const int64_t end = i == bad_ ? d - 1 : d;
            visit(i, {row.slice(0, 0, a), row.slice(0, a, b), row.slice(0, b, end)});
        }
    }

  private:
    at::Tensor rows_;
    int64_t bad_, failAt_;
};

}  // namespace test
