#pragma once
// Small models, data and weight sets for the landscape tests (seconds each).

#include <ATen/ATen.h>

#include <map>
#include <string>

#include "core/data/Synthetic.h"
#include "core/landscape/GridEvaluator.h"
#include "core/model/LeNet5.h"
#include "core/model/Mlp.h"

namespace landscape_test {

using namespace modescape;

inline model::MlpModel moonsMlp() {
    return model::MlpModel(model::MlpConfig{{2, 32, 32, 2}});
}

inline landscape::EvaluationData moonsData(std::int64_t n = 300) {
    data::MoonsOptions o;
    o.n = n;
    o.seed = 3;
    const auto d = data::makeMoons(o);
    return {d.inputs, d.labels, {}};
}

// Random 28x28 images with random labels: enough to compare two engines.
inline landscape::EvaluationData lenetData(std::int64_t n = 24) {
    at::manual_seed(7);
    return {at::randn({n, 1, 28, 28}), at::randint(0, 10, {n}, at::kLong), {}};
}

// Member weights by name, as a LoadedSet would give them.
struct Members {
    std::map<std::string, model::ParameterSet> sets;
    landscape::MemberWeights weights() const {
        return [this](const std::string& name) { return sets.at(name); };
    }
};

// Mean cross-entropy and accuracy of one weight set, straight from the model.
inline std::pair<double, double> directLoss(const model::Model& m, const model::ParameterSet& w,
                                            const landscape::EvaluationData& d) {
    const auto logits = m.forward(w, d.inputs).to(at::kDouble);
    const double loss =
        -at::log_softmax(logits, 1).gather(1, d.labels.unsqueeze(1)).mean().item<double>();
    const double acc = logits.argmax(1).eq(d.labels).to(at::kDouble).mean().item<double>();
    return {loss, acc};
}

}  // namespace landscape_test
