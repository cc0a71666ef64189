#include "core/analysis/PathParameters.h"

#include "core/common/Error.h"
#include "core/io/set/CheckpointSet.h"

namespace modescape::analysis {

using K = ParameterKind;

ParameterList memberPairParameters(const std::string& aHelp, const std::string& bHelp) {
    return {
        setParameter(),
        parameter("a", K::Member, "A (t = 0)", aHelp).asPositional(),
        parameter("b", K::Member, "B (t = 1)", bHelp).asPositional(),
        parameter("curve", K::Path, "Saved curve",
                  "A curve saved with `connect --save-curve` instead of A and B (its members "
                  "and training come from it)")
            .defaultReads("none (the path between A and B)")
            .isAdvanced(),
    };
}

ParameterList pathParameters(const std::vector<nlohmann::json>& trainedWhen) {
    const connectivity::PathSettings d;
    auto trained = [&](ParameterSpec spec) {
        if (!trainedWhen.empty())
            spec.when("path", trainedWhen);
        return spec;
    };
    return {
        trained(
            parameter("bends", K::Integer, "Bends", "Control points of a curve, both ends included")
                .byDefault(d.bends)
                .in("points")
                .range(2)),
        trained(parameter("epochs", K::Integer, "Epochs", "Curve training epochs")
                    .byDefault(d.training.epochs)
                    .range(1)),
        trained(parameter("lr", K::Real, "Learning rate", "Curve learning rate (positive)")
                    .byDefault(d.training.learningRate)
                    .range(0)),
        trained(parameter("batch-size", K::Integer, "Training batch", "Curve training batch")
                    .byDefault(d.training.batchSize)
                    .in("samples")
                    .range(1)
                    .isAdvanced()),
        trained(parameter("wd", K::Real, "Weight decay", "Weight decay on theta(t)")
                    .byDefault(d.training.weightDecay)
                    .range(0)
                    .isAdvanced()),
        trained(parameter("momentum", K::Real, "Momentum", "SGD momentum of the curve training")
                    .byDefault(d.training.momentum)
                    .range(0, 1)
                    .isAdvanced()),
        trained(parameter("seed", K::Integer, "Seed", "Seed of minibatches and t draws")
                    .byDefault(static_cast<std::int64_t>(d.training.seed))
                    .range(0)
                    .isAdvanced()),
        parameter("points", K::Integer, "Points", "Evaluated points along the path")
            .byDefault(d.points)
            .range(2),
        parameter("eval-batch-size", K::Integer, "Evaluation batch",
                  "Samples per forward pass when evaluating a point")
            .byDefault(d.evaluationBatchSize)
            .in("samples")
            .range(1)
            .isAdvanced()
            .tuningOnly(),
        parameter("bn-samples", K::Integer, "BatchNorm samples",
                  "Training samples of the pass that recomputes BatchNorm statistics at each "
                  "point (models with BatchNorm)")
            .byDefault(d.batchNormSamples)
            .in("samples")
            .range(1)
            .isAdvanced(),
    };
}

connectivity::PathSettings pathSettingsFrom(const ParameterValues& v) {
    connectivity::PathSettings s;
    if (v.contains("path") && v["path"].is_string())
        s.kind = connectivity::parsePathKind(v["path"].get<std::string>());
    else if (v.contains("path") && v["path"].is_array() && !v["path"].empty())
        s.kind = connectivity::parsePathKind(v["path"][0].get<std::string>());  // the first
    s.bends = v.value("bends", s.bends);
    s.training.epochs = v.value("epochs", s.training.epochs);
    s.training.learningRate = v.value("lr", s.training.learningRate);
    s.training.batchSize = v.value("batch-size", s.training.batchSize);
    s.training.weightDecay = v.value("wd", s.training.weightDecay);
    s.training.momentum = v.value("momentum", s.training.momentum);
    s.training.seed = v.value("seed", s.training.seed);
    s.points = v.value("points", s.points);
    s.evaluationBatchSize = v.value("eval-batch-size", s.evaluationBatchSize);
    s.batchNormSamples = v.value("bn-samples", s.batchNormSamples);
    return s;
}

std::string memberValue(const ParameterValues& values, const char* name) {
    const auto it = values.find(name);
    return it != values.end() && it->is_string() ? it->get<std::string>() : std::string();
}

void checkMemberPair(const ParameterValues& values, const io::CheckpointSet* set,
                     const std::string& command) {
    const std::string a = memberValue(values, "a"), b = memberValue(values, "b");
    const bool curve = values.contains("curve") && values["curve"].is_string() &&
                       !values["curve"].get<std::string>().empty();
    if (curve) {
        if (!a.empty() || !b.empty())
            throw InvalidArgument(command +
                                  " --curve: the members come from the curve; drop A and B");
        return;
    }
    if (a.empty() || b.empty())
        throw InvalidArgument(command + ": give two members A and B (or a saved --curve)");
    if (set)
        for (const auto* name : {&a, &b})
            if (!set->findMember(*name))
                throw InvalidArgument(set->folder + ": no member named '" + *name + "'");
    if (a == b)
        throw InvalidArgument(command + ": A and B are the same member ('" + a +
                              "'); a path needs two different members");
}

}  // namespace modescape::analysis
