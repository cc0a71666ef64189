#include "core/symmetry/SetSpecInference.h"

#include <nlohmann/json.hpp>

#include "core/common/Error.h"
#include "core/data/DatasetSpec.h"
#include "core/evaluation/LoadedSet.h"
#include "core/symmetry/SpecCheckCache.h"
#include "core/symmetry/SpecInference.h"
#include "core/symmetry/SymmetrySpecJson.h"

namespace modescape::symmetry {

std::vector<std::int64_t> setSampleShape(const evaluation::LoadedSet& set) {
    for (const char* role : {"test", "validation", "train", "ood"})
        for (const auto& d : set.set().datasets)
            if (d.role == role) {
                data::LoadOptions raw;
                raw.baseDir = set.set().baseFolder();
                raw.raw = true;  // only the shape matters
                return data::loadDataset(d.spec, raw).sampleShape();
            }
    throw InvalidArgument(set.set().folder +
                          ": the symmetry spec inferred from the TorchScript model must pass a "
                          "function check on inputs of the set's data, and the set has no "
                          "dataset; add one, or write the spec with `modescape symmetry-spec SET "
                          "--input-shape CxHxW --out SET/symmetry.json`");
}

SymmetrySpec inferredSpecForSet(const evaluation::LoadedSet& set) {
    const std::string& path = set.set().model.path;
    auto report = cachedSpecCheck(path);
    if (!report) {
        const std::vector<std::int64_t> shape = setSampleShape(set);
        InferredSpec inferred = inferSymmetrySpecFromFile(path, {shape, {}});
        validateSymmetrySpec(inferred.spec, set.model().parameterSpec());
        const std::string member = set.set().members.front().name;
        const SpecCheck check =
            checkInferredSpec(set.model(), set.weights(member), inferred.spec, shape);
        report = inferredSpecReport(inferred, check);
        (*report)["source"] = "inferred from the TorchScript graph";
        (*report)["member"] = member;
        storeSpecCheck(path, *report);
    }
    if (!(*report)["check"].value("passed", false))
        throw InvalidArgument(path +
                              ": the symmetry spec inferred from the model's graph fails "
                              "its function check (" +
                              (*report)["check"].value("message", std::string()) +
                              "); write one by hand (docs/symmetry.md) and pass it with --spec");
    SymmetrySpec spec = parseSymmetrySpec((*report)["spec"].dump(), path);
    validateSymmetrySpec(spec, set.model().parameterSpec());
    return spec;
}

}  // namespace modescape::symmetry
