#include "core/symmetry/SpecInference.h"

#include <torch/csrc/jit/passes/inliner.h>
#include <torch/script.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "core/common/Error.h"
#include "core/model/TorchScriptApproval.h"
#include "core/symmetry/GraphWalker.h"

namespace modescape::symmetry {

namespace {

using TensorShapes = std::map<std::string, std::vector<std::int64_t>>;

TensorShapes tensorShapes(const torch::jit::Module& module) {
    TensorShapes shapes;
    for (const auto& p : module.named_parameters(/*recurse=*/true))
        shapes[p.name] = p.value.sizes().vec();
    for (const auto& b : module.named_buffers(/*recurse=*/true))
        shapes[b.name] = b.value.sizes().vec();
    return shapes;
}

int graphInputRank(const torch::jit::Graph& graph) {
    if (graph.inputs().size() < 2)
        return -1;
    if (auto t = graph.inputs()[1]->type()->cast<c10::TensorType>())
        if (auto dim = t->dim())
            return static_cast<int>(*dim);
    return -1;
}

// The key of a group: the weight of the layer whose input is the earliest
// group (the model's input first), so sorting can go in dependency order.
const UnitProducer& keyProducer(UnitGroups& groups, int root) {
    const auto& producers = groups.root(root).producers;
    const UnitProducer* best = &producers.front();
    auto rankOf = [&](const UnitProducer& p) {
        return p.inputGroup < 0 ? -1 : groups.find(p.inputGroup);
    };
    for (const auto& p : producers)
        if (rankOf(p) < rankOf(*best))
            best = &p;
    return *best;
}

// Leaves out groups whose tensor slices clash (a layer used twice reaches one
// axis from two groups): permuting either would break the other.
void fixClashes(UnitGroups& groups, std::vector<int>& kept, std::vector<std::string>& notes) {
    struct Slice {
        std::int64_t begin, end;
        int group;
    };
    std::map<std::pair<std::string, int>, std::vector<Slice>> claims;
    std::set<int> clashing;
    auto clash = [&](const AxisRef& a, int g, int other) {
        clashing.insert(g);
        clashing.insert(other);
        notes.push_back("tensor '" + a.tensor + "' axis " + std::to_string(a.axis) +
                        " is reached twice (a layer used twice?): its groups stay fixed");
    };
    for (int g : kept) {
        auto& axes = groups.root(g).axes;
        std::vector<AxisRef> unique;
        for (const auto& a : axes) {
            auto same = std::find_if(unique.begin(), unique.end(), [&](const AxisRef& b) {
                return b.tensor == a.tensor && b.axis == a.axis && b.offset == a.offset;
            });
            if (same == unique.end())
                unique.push_back(a);
            else if (same->role != a.role || same->block != a.block)
                clash(a, g, g);
        }
        axes = unique;
        const std::int64_t size = groups.root(g).size;
        for (const auto& a : axes) {
            auto& slices = claims[{a.tensor, a.axis}];
            const Slice mine{a.offset, a.offset + size * a.block, g};
            for (const Slice& s : slices)
                if (s.begin < mine.end && mine.begin < s.end)
                    clash(a, g, s.group);
            slices.push_back(mine);
        }
    }
    kept.erase(
        std::remove_if(kept.begin(), kept.end(), [&](int g) { return clashing.count(g) > 0; }),
        kept.end());
}

InferredSpec assemble(GraphWalker& walker, const InferenceOptions& options, bool demotions) {
    UnitGroups& groups = walker.groups();
    InferredSpec result;
    SymmetrySpec& spec = result.spec;
    spec.architecture =
        options.architecture.empty() ? "inferred from the forward graph" : options.architecture;
    spec.sampleInputShape = options.inputShape;
    spec.notes = walker.notes();
    result.stoppedBy = walker.stoppedBy();
    if (demotions)
        spec.notes.push_back(
            "layers feeding a normalisation are permuted, never rescaled; scaling acts on the "
            "normalisation's affine parameters and the next layers' inputs");

    std::vector<int> kept;
    for (int g = 0; g < groups.count(); ++g)
        if (groups.isRoot(g) && !groups.at(g).fixed)
            kept.push_back(g);
    fixClashes(groups, kept, spec.notes);

    // Forward order: a group after the group its key layer reads.
    std::set<int> placed, pending(kept.begin(), kept.end());
    while (!pending.empty()) {
        int next = *pending.begin();
        for (int g : pending) {
            const int input = keyProducer(groups, g).inputGroup;
            const int dep = input < 0 ? -1 : groups.find(input);
            if (dep < 0 || dep == g || placed.count(dep) || !pending.count(dep)) {
                next = g;
                break;
            }
        }
        pending.erase(next);
        placed.insert(next);
        const UnitGroup& u = groups.root(next);
        SymmetryGroup g;
        g.name = u.name;
        g.size = u.size;
        g.axes = u.axes;
        g.keyTensor = keyProducer(groups, next).weight;
        const bool hasOut = std::any_of(g.axes.begin(), g.axes.end(),
                                        [](const AxisRef& a) { return a.role == AxisRole::Out; });
        g.scalable = !u.scalingBroken && hasOut;
        spec.groups.push_back(std::move(g));
    }
    return result;
}

}  // namespace

InferredSpec inferSymmetrySpec(const torch::jit::Module& module, const InferenceOptions& options) {
    auto method = module.find_method("forward");
    if (!method)
        throw InvalidArgument(
            "the TorchScript module has no forward method to infer a symmetry "
            "spec from");
    std::shared_ptr<torch::jit::Graph> graph = method->graph()->copy();
    torch::jit::Inline(*graph);
    const TensorShapes shapes = tensorShapes(module);
    const int inputRank = options.inputShape.empty()
                              ? graphInputRank(*graph)
                              : static_cast<int>(options.inputShape.size()) + 1;
    // Each pass may find layers whose scale a normalisation removes; walk
    // again with them permuted-only until none is new (at most one per layer).
    std::set<const torch::jit::Node*> demoted;
    for (;;) {
        GraphWalker walker(shapes, demoted, inputRank);
        walker.walk(*graph);
        if (walker.newDemotions().empty())
            return assemble(walker, options, !demoted.empty());
        demoted.insert(walker.newDemotions().begin(), walker.newDemotions().end());
    }
}

InferredSpec inferSymmetrySpecFromFile(const std::string& path, const InferenceOptions& options) {
    if (!std::filesystem::is_regular_file(path))
        throw IoError(path, "no such TorchScript file");
    model::requireTorchScriptApproval(path);
    torch::jit::Module module;
    try {
        module = torch::jit::load(path, c10::Device(c10::kCPU));
    } catch (const c10::Error& e) {
        throw FormatError(path, std::string("not a TorchScript archive that LibTorch can load (") +
                                    e.what_without_backtrace() + ")");
    }
    InferenceOptions named = options;
    if (named.architecture.empty())
        named.architecture =
            "inferred from " + std::filesystem::path(path).filename().string() + "'s forward graph";
    return inferSymmetrySpec(module, named);
}

}  // namespace modescape::symmetry
