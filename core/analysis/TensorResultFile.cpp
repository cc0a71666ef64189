#include "core/analysis/TensorResultFile.h"

#include <ATen/ATen.h>

#include "core/analysis/Analysis.h"
#include "core/analysis/JsonResultFile.h"
#include "core/common/Error.h"
#include "core/io/safetensors/SafetensorsReader.h"
#include "core/io/safetensors/SafetensorsWriter.h"

namespace modescape::analysis {

namespace {
constexpr const char* kEnvelopeKey = "modescape-result";
}  // namespace

const at::Tensor& TensorResult::tensor(const std::string& name) const {
    const auto it = tensors.find(name);
    if (it == tensors.end())
        throw FormatError(path, "no tensor '" + name + "' (not a complete result)");
    return it->second;
}

void writeTensorResultFile(const std::string& path, const Analysis& analysis,
                           const nlohmann::json& result,
                           const std::vector<std::pair<std::string, at::Tensor>>& tensors) {
    io::writeSafetensors(path, tensors,
                         {{kEnvelopeKey, jsonResultEnvelope(analysis, result).dump()}});
}

TensorResult readTensorResultFile(const std::string& path, const Analysis& analysis) {
    const auto file = io::openSafetensors(path);  // names the file when it is not safetensors
    const std::map<std::string, std::string> metadata = file->metadata();
    const auto envelope = metadata.find(kEnvelopeKey);
    if (envelope == metadata.end())
        throw FormatError(path, std::string("not a Modescape result file (no \"") + kEnvelopeKey +
                                    "\" in its metadata)");
    nlohmann::json json;
    try {
        json = nlohmann::json::parse(envelope->second);
    } catch (const nlohmann::json::exception& error) {
        throw FormatError(path, std::string("its result is not JSON (") + error.what() + ")");
    }
    TensorResult out;
    out.path = path;
    out.result = resultOfEnvelope(path, json, analysis);
    // Cloned: a read tensor maps the file, which a cache may remove.
    for (const auto& info : file->tensors())
        out.tensors.emplace(info.name, file->read(info.name).clone());
    return out;
}

}  // namespace modescape::analysis
