#include "core/symmetry/BuiltinSymmetry.h"

#include "core/common/Error.h"
#include "core/model/CifarResNet.h"
#include "core/model/LeNet5.h"
#include "core/model/Mlp.h"

namespace modescape::symmetry {

namespace {

using model::Activation;

std::string homogeneityNote(Activation activation) {
    return std::string("activation ") + model::activationName(activation) +
           " is not positively homogeneous: no scaling symmetry (permutations only)";
}

// A dense or conv layer's units: weight rows and bias.
void addProducer(SymmetryGroup& g, const std::string& prefix, AxisRole role, bool bias = true) {
    g.axes.push_back({prefix + ".weight", 0, 1, role});
    if (bias)
        g.axes.push_back({prefix + ".bias", 0, 1, role});
}

void addConsumer(SymmetryGroup& g, const std::string& prefix, std::int64_t block = 1) {
    g.axes.push_back({prefix + ".weight", 1, block, AxisRole::In});
}

SymmetrySpec mlpSpec(const model::MlpModel& m) {
    const auto& c = m.config();
    const auto& linears = m.linearNames();
    SymmetrySpec spec;
    spec.architecture = m.describe();
    spec.sampleInputShape = {c.widths.front()};
    const bool scalable = c.activation == Activation::Relu;
    if (!scalable)
        spec.notes.push_back(homogeneityNote(c.activation));
    for (std::size_t i = 0; i + 1 < linears.size(); ++i) {
        SymmetryGroup g{linears[i], c.widths[i + 1], scalable, {}, linears[i] + ".weight"};
        addProducer(g, linears[i], AxisRole::Out);
        addConsumer(g, linears[i + 1]);
        spec.groups.push_back(std::move(g));
    }
    return spec;
}

SymmetrySpec lenetSpec(const model::LeNet5Model& m) {
    SymmetrySpec spec;
    spec.architecture = m.describe();
    spec.sampleInputShape = {m.config().inChannels, 28, 28};
    // conv -> relu -> max-pool: pooling commutes with channel permutations and positive scales.
    struct Layer {
        const char* name;
        std::int64_t units;
        const char* next;
        std::int64_t block;
    };
    const Layer layers[] = {{"conv1", 6, "conv2", 1},
                            {"conv2", 16, "fc1", 25},  // flattened as 16 x 5 x 5
                            {"fc1", 120, "fc2", 1},
                            {"fc2", 84, "fc3", 1}};
    for (const auto& l : layers) {
        SymmetryGroup g{l.name, l.units, true, {}, std::string(l.name) + ".weight"};
        addProducer(g, l.name, AxisRole::Out);
        addConsumer(g, l.next, l.block);
        spec.groups.push_back(std::move(g));
    }
    return spec;
}

class ResNetSpecBuilder {
  public:
    explicit ResNetSpecBuilder(const model::CifarResNetModel& m) : m_(m), c_(m.config()) {}

    SymmetrySpec build() {
        spec_.architecture = m_.describe();
        spec_.sampleInputShape = {c_.inChannels, 8, 8};
        scalable_ = c_.activation == Activation::Relu;
        if (!scalable_)
            spec_.notes.push_back(homogeneityNote(c_.activation));
        spec_.notes.push_back(
            "convolutions feeding a normalisation are permuted, never rescaled; scaling acts on "
            "the normalisation's affine parameters and the next layers' inputs");

        const bool r18 = c_.depth == 18;
        const std::vector<int> blocks =
            r18 ? std::vector<int>{2, 2, 2, 2} : std::vector<int>{3, 3, 3};
        const std::vector<std::int64_t> planes = r18 ? std::vector<std::int64_t>{64, 128, 256, 512}
                                                     : std::vector<std::int64_t>{16, 32, 64};

        // A residual stream runs from the stem (or a shortcut conv) through every
        // block's bn2 until the next shortcut; each block also has its own inner channels.
        std::vector<SymmetryGroup> streams, inner;
        streams.push_back(group("stream0", planes[0], "conv1.weight"));
        unit(streams.back(), "conv1", "bn1");
        std::int64_t inPlanes = planes[0];
        for (std::size_t l = 0; l < blocks.size(); ++l) {
            for (int j = 0; j < blocks[l]; ++j) {
                const std::string p = "layer" + std::to_string(l + 1) + "." + std::to_string(j);
                const std::int64_t stride = (j == 0 && l > 0) ? 2 : 1;
                const bool shortcut = stride != 1 || inPlanes != planes[l];
                addConsumer(streams.back(), p + ".conv1");
                if (shortcut) {
                    addConsumer(streams.back(), p + ".shortcut.0");
                    streams.push_back(group("stream" + std::to_string(streams.size()), planes[l],
                                            p + ".shortcut.0.weight"));
                    unit(streams.back(), p + ".shortcut.0", p + ".shortcut.1");
                }
                inner.push_back(group(p + ".conv1", planes[l], p + ".conv1.weight"));
                unit(inner.back(), p + ".conv1", p + ".bn1");
                addConsumer(inner.back(), p + ".conv2");
                unit(streams.back(), p + ".conv2", p + ".bn2");
                inPlanes = planes[l];
            }
        }
        addConsumer(streams.back(), "linear");
        // Streams first: each one's key (a shortcut conv) reads the stream before it,
        // and every inner group's key reads a stream.
        for (auto& g : streams)
            spec_.groups.push_back(std::move(g));
        for (auto& g : inner)
            spec_.groups.push_back(std::move(g));
        return std::move(spec_);
    }

  private:
    SymmetryGroup group(const std::string& name, std::int64_t size, const std::string& key) {
        return SymmetryGroup{name, size, scalable_, {}, key};
    }

    // conv -> norm: the conv's rows are permuted only; the norm's affine is the scaled part.
    void unit(SymmetryGroup& g, const std::string& conv, const std::string& norm) {
        addProducer(g, conv, AxisRole::Stat, c_.convBias);
        if (c_.norm == model::Normalization::BatchNorm) {
            g.axes.push_back({norm + ".weight", 0, 1, AxisRole::Out});
            g.axes.push_back({norm + ".bias", 0, 1, AxisRole::Out});
            g.axes.push_back({norm + ".running_mean", 0, 1, AxisRole::Stat});
            g.axes.push_back({norm + ".running_var", 0, 1, AxisRole::Stat});
        } else {
            // FRN + TLU: max(gamma x + beta, tau) is positively homogeneous in (gamma, beta, tau).
            for (const char* t : {".gamma", ".beta", ".tau"})
                g.axes.push_back({norm + t, 1, 1, AxisRole::Out});
        }
    }

    const model::CifarResNetModel& m_;
    const model::CifarResNetConfig& c_;
    SymmetrySpec spec_;
    bool scalable_ = false;
};

}  // namespace

bool hasBuiltinSymmetry(const model::Model& m) {
    return dynamic_cast<const model::MlpModel*>(&m) ||
           dynamic_cast<const model::LeNet5Model*>(&m) ||
           dynamic_cast<const model::CifarResNetModel*>(&m);
}

SymmetrySpec builtinSymmetrySpec(const model::Model& m) {
    if (auto* mlp = dynamic_cast<const model::MlpModel*>(&m))
        return mlpSpec(*mlp);
    if (auto* lenet = dynamic_cast<const model::LeNet5Model*>(&m))
        return lenetSpec(*lenet);
    if (auto* resnet = dynamic_cast<const model::CifarResNetModel*>(&m))
        return ResNetSpecBuilder(*resnet).build();
    throw InvalidArgument("model '" + m.describe() +
                          "' has no built-in symmetry spec: describe its permutations in a JSON "
                          "file (docs/symmetry.md) and pass it with --spec");
}

}  // namespace modescape::symmetry
