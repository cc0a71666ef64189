#include "core/symmetry/FunctionRows.h"

#include <ATen/ATen.h>

#include <algorithm>

#include "core/common/Error.h"
#include "core/common/Log.h"
#include "core/common/MemoryBudget.h"
#include "core/data/Dataset.h"
#include "core/evaluation/Evaluator.h"
#include "core/evaluation/ForwardCost.h"
#include "core/evaluation/LoadedSet.h"
#include "core/evaluation/PredictionCache.h"
#include "core/io/archive/ArchiveReader.h"
#include "core/jobs/ProgressPart.h"
#include "core/projection/PanelPasses.h"
#include "core/projection/ScratchRowFile.h"

namespace modescape::symmetry {

namespace {

// Where the kept members' rows go while they are evaluated: a [N, S x C]
// tensor filled in place, or the scratch file.
class RowSink {
  public:
    RowSink(std::int64_t members, std::int64_t columns, const std::string& what,
            std::vector<std::string>& notes) {
        const double bytes = 4.0 * double(members) * double(columns);
        if (functionRowsFitMemory(bytes)) {
            requireMemory(bytes, what);
            memory_ = at::empty({members, columns}, at::kFloat);
            return;
        }
        // float32, as in memory: the spilled rows give the same numbers, and
        // float16 would round probabilities to 3 digits and flush those below
        // 6e-8 to zero, which moves Jensen-Shannon divergences of confident
        // members far more than the map shows.
        const double bound = double(io::archive::defaultArchiveOptions().extractCacheBytes);
        file_ = std::make_unique<projection::ScratchRowFile>(members, columns, bound, what);
        notes.push_back(what + " (" + formatBytes(bytes) + ") exceed a quarter of the " +
                        formatBytes(projection::streamingWorkingBytes()) +
                        " working memory: spilled to a float32 scratch file in the cache, "
                        "read back in panels, removed afterwards");
    }

    void append(const at::Tensor& row) {
        if (file_)
            file_->append(row);
        else
            memory_[filled_].copy_(row.reshape({-1}));
        ++filled_;
    }

    std::unique_ptr<projection::MemberRowSource> finish() {
        if (file_) {
            file_->finish();
            return std::move(file_);
        }
        return std::make_unique<projection::TensorRowSource>(memory_.narrow(0, 0, filled_));
    }

    bool spilled() const { return file_ != nullptr; }

  private:
    at::Tensor memory_;
    std::unique_ptr<projection::ScratchRowFile> file_;
    std::int64_t filled_ = 0;
};

// The distance between members with probabilities p and q [S, C] (float32).
double pairDistance(const at::Tensor& p, const at::Tensor& q, DistanceKind kind) {
    if (kind == DistanceKind::Disagreement)
        return p.argmax(1).ne(q.argmax(1)).to(at::kDouble).mean().item<double>();
    // JS(p, q) = (KL(p || m) + KL(q || m)) / 2, m = (p + q) / 2, in nats, in float64.
    const at::Tensor pd = p.to(at::kDouble), qd = q.to(at::kDouble);
    const at::Tensor logm = ((pd + qd) / 2).clamp_min(1e-12).log();
    const at::Tensor kl = (pd * (pd.clamp_min(1e-12).log() - logm)).sum(1) +
                          (qd * (qd.clamp_min(1e-12).log() - logm)).sum(1);
    return (kl / 2).mean().item<double>();
}

}  // namespace

data::Dataset functionSampleData(evaluation::LoadedSet& set, const FunctionSample& sample) {
    data::Dataset subset = set.dataset(sample.split);
    const std::int64_t n = std::min(sample.samples, subset.size());
    subset.inputs = subset.inputs.narrow(0, 0, n);
    subset.labels = subset.labels.narrow(0, 0, n);
    subset.spec += " (first " + std::to_string(n) + " samples)";
    return subset;
}

bool functionRowsFitMemory(double bytes) {
    return bytes <= projection::streamingWorkingBytes() / 4;
}

FunctionRows functionRows(evaluation::LoadedSet& set, const FunctionSample& sample,
                          const JobContext& context, std::vector<std::string>& notes) {
    set.model();  // the model first: without one, "names no model" is the error that helps
    const data::Dataset subset = functionSampleData(set, sample);
    notes.push_back("function space on " + subset.spec + "; symmetry removal does not change it");
    const auto& members = set.set().members;
    evaluation::warnIfLongForwardJob(set.model(), set.weights(members.front().name), subset,
                                     std::int64_t(members.size()), subset.size(), "--samples");
    const evaluation::PredictionCache cache;
    FunctionRows out;
    std::unique_ptr<RowSink> sink;
    for (std::size_t i = 0; i < members.size(); ++i) {
        context.checkCancelled();
        const double from = double(i) / double(members.size());
        context.report(from, "predictions of " + members[i].name);
        const at::Tensor p = cache.probabilities(
            set.model(), set.modelDescription(), set.weights(members[i].name), subset,
            progressPart(context, from, double(i + 1) / double(members.size())));
        if (!evaluation::finitePredictions(p)) {
            const std::string why = evaluation::describeNonFinite(members[i].name, subset.spec);
            log::warning(why + " It is left out.");
            notes.push_back(why + " Left out.");
            continue;
        }
        if (!sink) {
            out.samples = p.size(0);
            out.classes = p.size(1);
            sink = std::make_unique<RowSink>(std::int64_t(members.size()), p.numel(),
                                             "the predictions of " +
                                                 std::to_string(members.size()) + " members on " +
                                                 subset.spec + " (use fewer --samples or members)",
                                             notes);
        }
        sink->append(p);
        out.kept.push_back(i);
    }
    if (out.kept.size() < 2)
        throw evaluation::NonFinitePredictions(
            set.set().folder + ": fewer than 2 members have finite predictions on " + subset.spec +
            " (the others are NaN or Inf)");
    out.spilled = sink->spilled();
    out.rows = sink->finish();
    return out;
}

Eigen::MatrixXd functionDistances(const FunctionRows& rows, DistanceKind kind,
                                  const JobContext& context) {
    const projection::MemberRowSource& source = *rows.rows;
    const std::int64_t n = source.memberCount();
    const std::int64_t s = rows.samples, c = rows.classes;
    Eigen::MatrixXd d = Eigen::MatrixXd::Zero(n, n);
    // Beside the N x N result: a pair in float64 with the logarithms and the
    // temporaries of a divergence (about 8 values of 8 bytes per entry).
    const double working = 8.0 * double(n) * double(n) + 64.0 * double(s) * double(c);
    const projection::PanelPlan plan = projection::planPanels(
        n, s * c, working, "function-space distances of " + std::to_string(n) + " members");
    projection::PanelCallbacks callbacks;
    callbacks.shift = false;  // divergences of probabilities are not shift-invariant
    // One pair at a time, whatever the panel: every pair is computed by the
    // same operations on the same shapes, so the distances do not depend on
    // the working memory (a t-SNE map would magnify any difference in the
    // last digits).
    callbacks.pairs = [&](const at::Tensor& a, int64_t a0, const at::Tensor& b, int64_t b0) {
        const bool same = a0 == b0;
        for (int64_t i = 0; i < a.size(0); ++i) {
            context.checkCancelled();
            const at::Tensor p = a[i].view({s, c});
            for (int64_t k = same ? i + 1 : 0; k < b.size(0); ++k)
                d(a0 + i, b0 + k) = d(b0 + k, a0 + i) =
                    std::max(0.0, pairDistance(p, b[k].view({s, c}), kind));
        }
    };
    projection::runPanelPasses(source, plan, callbacks, "function-space distances", context);
    return d;
}

}  // namespace modescape::symmetry
