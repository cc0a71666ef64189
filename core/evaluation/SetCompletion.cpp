#include "core/evaluation/SetCompletion.h"

#include <filesystem>
#include <system_error>

#include "core/common/Log.h"
#include "core/io/set/SidecarManifest.h"
#include "core/model/ArchitectureRecognition.h"
#include "core/model/FamilyName.h"

namespace modescape::evaluation {
namespace {

namespace fs = std::filesystem;

// The opened path's name, or, when it names no dataset, the top folder of the
// first member ("cifar10-resnet18-0-1023/version_0.safetensors" in an archive).
std::string familyName(const io::CheckpointSet& set, const std::string& openedPath) {
    const std::string own = model::familyNameOfPath(openedPath);
    if (model::datasetFamilyOf(own) || set.members.empty())
        return own;
    const std::string& first = set.members.front().name;
    const std::size_t slash = first.find('/');
    if (slash == std::string::npos)
        return own;
    const std::string inner = model::familyNameOfPath(first.substr(0, slash));
    return model::datasetFamilyOf(inner) ? inner : own;
}

}  // namespace

void completeSet(io::CheckpointSet& set, const std::string& openedPath,
                 const std::vector<io::SetOverrides>& overrides) {
    const std::string family = familyName(set, openedPath);
    if (set.defaultNormalization.empty())
        if (const auto dataset = model::datasetFamilyOf(family))
            set.defaultNormalization = dataset->normalizationOptions();
    if (set.model.kind != io::ModelSpec::Kind::None && set.modelSource.empty())
        set.modelSource = "manifest";

    // The folder's own manifest may carry the normalisation too; a sidecar beside
    // an archive is read here (a folder's sidecar is its manifest, read already).
    std::error_code ec;
    if (!set.manifestPath.empty())
        if (const auto own = io::readSidecarManifest(set.manifestPath))
            if (own->defaultNormalization)
                set.defaultNormalization = *own->defaultNormalization;
    if (fs::is_regular_file(openedPath, ec)) {
        const std::string sidecar = io::sidecarManifestPath(openedPath);
        if (const auto beside = io::readSidecarManifest(sidecar)) {
            io::applyOverrides(set, *beside);
            log::info(sidecar + ": model and datasets of the set read from its sidecar manifest");
        }
    }
    for (const io::SetOverrides& o : overrides)
        io::applyOverrides(set, o);

    const model::Recognition recognition = model::recogniseArchitecture(set.tensors, family);
    set.recognition = recognition.text;
    if (set.model.kind == io::ModelSpec::Kind::None && recognition.recognised()) {
        set.model = recognition.model;
        set.modelSource = "recognised";
    }
}

}  // namespace modescape::evaluation
