#include "core/projection/SharedGram.h"

#include <ATen/ATen.h>

#include "core/common/Error.h"
#include "core/projection/GramKernels.h"
#include "core/projection/MemberBlockPairs.h"
#include "core/projection/StreamedGram.h"

namespace modescape::projection {

namespace {

// The products of one block pair, float64 [rows a, rows b], as streamedGram forms them.
at::Tensor blockProducts(const at::Tensor& a, const at::Tensor& b, bool same, bool float32,
                         const JobContext& context) {
    if (!float32)
        return doubleProducts(a, b, context);
    const int64_t d = a.size(1);
    at::Tensor block = at::zeros({a.size(0), b.size(0)}, at::kDouble);
    if (same)
        addGramProducts(a.data_ptr<float>(), a.size(0), d, a.stride(0), block.data_ptr<double>(),
                        a.size(0), context);
    else
        addCrossProducts(a.data_ptr<float>(), a.size(0), a.stride(0), b.data_ptr<float>(),
                         b.size(0), b.stride(0), d, block.data_ptr<double>(), b.size(0), context);
    return block;
}

}  // namespace

std::optional<GramMatrices> sharedGram(const MemberRowSource& source, const UnitSharing& sharing,
                                       const JobContext& context, GramProducts products,
                                       std::int64_t* units) {
    const int64_t n = source.memberCount();
    const int64_t d = source.parameterCount();
    const BlockPairPlan plan =
        planBlockPairs(n, d, sharing.processes, gramResultBytes(n),
                       "the Gram matrix of " + std::to_string(n) + " members");
    if (units)
        *units = static_cast<std::int64_t>(plan.pairs.size());
    const bool float32 = resolveGramProducts(products, n, d) == GramProducts::Float32;
    BlockRowReader reader(source, plan);
    Eigen::MatrixXd shifted = Eigen::MatrixXd::Zero(n, n);
    Eigen::VectorXd dots = Eigen::VectorXd::Zero(n);

    UnitWork work;
    work.units = plan.units();
    work.task = "Gram matrix";
    work.unitWords = "block pairs";
    work.key = std::to_string(n) + " members of " + std::to_string(d) +
               " parameters in blocks of " + std::to_string(plan.blockRows) +
               (float32 ? ", float32" : ", float64") + " products";
    work.compute = [&](const std::vector<std::int64_t>& chunk, const JobContext& job) {
        std::vector<double> out;
        for (const std::int64_t unit : chunk) {
            const auto [i, j] = plan.pair(unit);
            const at::Tensor a = reader.block(i, job);
            const at::Tensor b = reader.block(j, job);
            const at::Tensor block = blockProducts(a, b, i == j, float32, job).contiguous();
            const double* p = block.data_ptr<double>();
            out.insert(out.end(), p, p + block.numel());
            if (i != j)
                continue;
            // Each member's product with member 0 (unshifted), as streamedGram's member().
            const at::Tensor reference = reader.reference(job);
            for (int64_t r = 0; r < a.size(0); ++r) {
                double dot = 0.0;
                if (float32)
                    addMatrixVector(a[r].data_ptr<float>(), 1, d, d, reference.data_ptr<float>(),
                                    &dot);
                else
                    dot = a[r].to(at::kDouble).dot(reference.to(at::kDouble)).item<double>();
                out.push_back(dot);
            }
        }
        return doublesAsBytes(out);
    };
    work.take = [&](const std::vector<std::int64_t>& chunk, const std::string& payload) {
        const std::vector<double> values = doublesFromBytes(payload, "Gram blocks");
        std::size_t next = 0;
        for (const std::int64_t unit : chunk) {
            const auto [i, j] = plan.pair(unit);
            const int64_t a0 = plan.begin(i), a1 = plan.end(i);
            const int64_t b0 = plan.begin(j), b1 = plan.end(j);
            const auto need = std::size_t((a1 - a0) * (b1 - b0) + (i == j ? a1 - a0 : 0));
            if (values.size() - next < need)
                throw FormatError("work message", "a Gram block is cut short");
            for (int64_t r = a0; r < a1; ++r)
                for (int64_t c = b0; c < b1; ++c)
                    shifted(r, c) = shifted(c, r) = values[next++];
            if (i == j)
                for (int64_t r = a0; r < a1; ++r)
                    dots(r) = values[next++];
        }
        if (next != values.size())
            throw FormatError("work message", "a Gram block is too long");
    };
    if (!sharing.run(work, context))
        return std::nullopt;
    const at::Tensor reference = reader.reference(context).to(at::kDouble);
    const double r2 = reference.dot(reference).item<double>();
    return gramFromShifted(shifted, dots, r2);
}

}  // namespace modescape::projection
