#include "core/landscape/RandomDirection.h"

#include <ATen/ATen.h>

#include "core/common/Error.h"
#include "core/data/SeededRandom.h"
#include "core/io/TensorInfo.h"

namespace modescape::landscape {

bool coveredByScope(const model::ParameterSet::Entry& entry, DirectionScope scope) {
    if (!at::isFloatingType(entry.tensor.scalar_type()))
        return false;
    return entry.role == model::TensorRole::Parameter || scope == DirectionScope::States;
}

std::vector<model::ParameterSet> randomDirections(const model::ParameterSet& weights,
                                                  DirectionScope scope, std::uint64_t seed,
                                                  int count) {
    data::SeededRandom random(seed);
    std::vector<model::ParameterSet> directions(static_cast<std::size_t>(count));
    for (auto& direction : directions) {
        for (const auto& e : weights.entries()) {
            if (!coveredByScope(e, scope))
                continue;
            auto d = at::empty(e.tensor.sizes(), at::kFloat);
            float* p = d.data_ptr<float>();
            for (std::int64_t i = 0, n = d.numel(); i < n; ++i)
                p[i] = static_cast<float>(random.normal());
            direction.add(e.name, d, e.role);
        }
    }
    return directions;
}

void normalizeDirection(model::ParameterSet& direction, const model::ParameterSet& weights,
                        Normalization normalization, IgnoreMode ignore) {
    for (const auto& e : direction.entries()) {
        const at::Tensor w = weights.at(e.name).to(at::kFloat);
        if (!w.sizes().equals(e.tensor.sizes()))
            throw ShapeMismatch("direction tensor " + e.name + " is " +
                                io::shapeToString(e.tensor.sizes().vec()) + " but the weight is " +
                                io::shapeToString(w.sizes().vec()));
        at::Tensor d = e.tensor.to(at::kFloat);
        if (d.dim() <= 1) {
            direction.set(e.name, ignore == IgnoreMode::BiasBn ? at::zeros_like(d) : w.clone());
            continue;
        }
        if (normalization == Normalization::Filter) {
            // One norm per slice along dim 0 (output channel / neuron), in double.
            auto wn = w.to(at::kDouble).flatten(1).norm(2, {1});
            auto dn = d.to(at::kDouble).flatten(1).norm(2, {1});
            auto scale = (wn / (dn + 1e-10)).to(at::kFloat);
            std::vector<std::int64_t> shape(d.dim(), 1);
            shape[0] = d.size(0);
            direction.set(e.name, d * scale.view(shape));
        } else if (normalization == Normalization::Layer) {
            const double wn = w.to(at::kDouble).norm().item<double>();
            const double dn = d.to(at::kDouble).norm().item<double>();
            direction.set(e.name, d * static_cast<float>(wn / (dn + 1e-10)));
        }
    }
}

}  // namespace modescape::landscape
