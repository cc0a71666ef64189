#include "core/parallel/PartialResultFile.h"

#include <filesystem>

#include "core/analysis/Analysis.h"
#include "core/analysis/JsonResultFile.h"
#include "core/common/Error.h"
#include "core/common/Log.h"
#include "core/io/OutputPath.h"

namespace modescape::parallel {

namespace {

// The values that decide the result: equal keys, the same result.
std::string keyOf(const analysis::Analysis& analysis, const analysis::ParameterValues& values) {
    return analysis::resultDefiningValues(analysis, values).dump();
}

}  // namespace

std::string partialPathFor(const std::string& out) {
    return io::sidecarPathFor(out, ".partial");
}

void writePartialResult(const std::string& path, const analysis::Analysis& analysis,
                        const analysis::ParameterValues& values, const nlohmann::json& partial) {
    analysis::writeJsonResultFile(path, analysis,
                                  {{"resume_key", keyOf(analysis, values)}, {"partial", partial}});
}

std::optional<nlohmann::json> readPartialResult(const std::string& path,
                                                const analysis::Analysis& analysis,
                                                const analysis::ParameterValues& values) {
    if (!std::filesystem::exists(path))
        return std::nullopt;
    nlohmann::json j;
    try {
        j = analysis::readJsonResultFile(path, analysis);
        if (!j.contains("partial"))
            throw FormatError(path, "holds no part result");
    } catch (const std::exception& e) {
        // Not a resume file of ours (ours are written whole, never torn): it
        // is somebody's file, which a run must never replace or remove.
        throw FormatError(path, std::string("is in the way of the resume file and is not one (") +
                                    e.what() + "); move it away or choose another --out");
    }
    if (j.value("resume_key", std::string()) != keyOf(analysis, values)) {
        log::warning(path + ": left by a run with other settings; starting afresh");
        return std::nullopt;
    }
    return j.at("partial");
}

}  // namespace modescape::parallel
