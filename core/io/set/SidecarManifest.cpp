#include "core/io/set/SidecarManifest.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "core/common/Error.h"
#include "core/common/Log.h"
#include "core/io/AtomicFile.h"
#include "core/io/set/SetManifest.h"

namespace modescape::io {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

std::optional<std::string> readText(const std::string& path) {
    std::error_code ec;
    if (!fs::exists(path, ec))
        return std::nullopt;
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw IoError(path, "cannot read the manifest (check its permissions)");
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// A TorchScript file beside the manifest is written relative to it, so the pair can move.
json modelJson(const ModelSpec& model, const fs::path& folder) {
    if (model.kind == ModelSpec::Kind::Builtin)
        return {{"builtin", model.builtin},
                {"args", model.argsJson.empty() ? json::object() : json::parse(model.argsJson)}};
    const fs::path relative = fs::path(model.path).lexically_relative(folder);
    const bool inside = !relative.empty() && *relative.begin() != "..";
    return {{"torchscript", inside ? relative.generic_string() : model.path}};
}

}  // namespace

std::string sidecarManifestPath(const std::string& setPath) {
    std::error_code ec;
    const fs::path p = fs::path(setPath).lexically_normal();
    if (fs::is_directory(p, ec))
        return (p / kManifestFileName).string();
    std::string file = p.string();
    while (!file.empty() && file.back() == '/')
        file.pop_back();
    return file + "." + kManifestFileName;
}

std::optional<SetOverrides> readSidecarManifest(const std::string& path) {
    const std::optional<std::string> text = readText(path);
    if (!text)
        return std::nullopt;
    const std::string folder = fs::path(path).parent_path().string();
    const SetManifest manifest = parseManifest(*text, path, folder);
    // A folder's manifest keeps its warnings in the set; a sidecar's say them here.
    for (const std::string& warning : manifest.warnings)
        log::warning(warning);
    SetOverrides overrides;
    overrides.source = "sidecar";
    if (manifest.model.kind != ModelSpec::Kind::None)
        overrides.model = manifest.model;
    overrides.datasets = manifest.datasets;
    // parseManifest accepted the text, so it is a JSON object.
    const json root = json::parse(*text);
    if (root.contains("normalization")) {
        if (!root["normalization"].is_string())
            throw FormatError(path,
                              "normalization: expected dataset-spec options such as "
                              "\"mean=0.4914:0.4822:0.4465,std=0.2023:0.1994:0.2010\" "
                              "(see docs/recognition.md)");
        overrides.defaultNormalization = root["normalization"].get<std::string>();
    }
    return overrides;
}

void writeSidecarManifest(const std::string& path, const SetOverrides& content) {
    json root = json::object();
    if (const std::optional<std::string> text = readText(path)) {
        try {
            root = json::parse(*text);
        } catch (const json::exception&) {
            throw FormatError(path,
                              "not valid JSON; fix or delete it before saving the model "
                              "and data into it");
        }
        if (!root.is_object())
            throw FormatError(path,
                              "not a JSON object; fix or delete it before saving the "
                              "model and data into it");
    }
    if (content.model && content.model->kind != ModelSpec::Kind::None)
        root["model"] = modelJson(*content.model, fs::path(path).parent_path());
    else
        root.erase("model");
    if (content.datasets.empty()) {
        root.erase("datasets");
    } else {
        json datasets = json::object();
        for (const DatasetSpec& d : content.datasets)
            datasets[d.role] = d.spec;
        root["datasets"] = datasets;
    }
    if (content.defaultNormalization && !content.defaultNormalization->empty())
        root["normalization"] = *content.defaultNormalization;
    else
        root.erase("normalization");
    writeFileAtomically(path, root.dump(2) + "\n");
}

}  // namespace modescape::io
