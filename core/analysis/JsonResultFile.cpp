#include "core/analysis/JsonResultFile.h"

#include <fstream>
#include <limits>

#include "core/analysis/Analysis.h"
#include "core/common/Error.h"
#include "core/io/AtomicFile.h"

namespace modescape::analysis {

namespace {
constexpr const char* kFormat = "modescape-result";
constexpr int kVersion = 1;
}  // namespace

nlohmann::json jsonResultEnvelope(const Analysis& analysis, const nlohmann::json& result) {
    return {{"format", kFormat},
            {"version", kVersion},
            {"analysis", analysis.info().name},
            {"result", result}};
}

void writeJsonResultFile(const std::string& path, const Analysis& analysis,
                         const nlohmann::json& result) {
    io::writeFileAtomically(path, jsonResultEnvelope(analysis, result).dump() + "\n");
}

nlohmann::json readJsonResultFile(const std::string& path, const Analysis& analysis) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw IoError(path, "cannot be opened");
    nlohmann::json file;
    try {
        file = nlohmann::json::parse(in);
    } catch (const nlohmann::json::exception& error) {
        throw FormatError(path, std::string("not JSON (") + error.what() + ")");
    }
    return resultOfEnvelope(path, file, analysis);
}

nlohmann::json resultOfEnvelope(const std::string& path, const nlohmann::json& file,
                                const Analysis& analysis) {
    const auto text = [&file](const char* name) {
        return file.is_object() && file.contains(name) && file[name].is_string()
                   ? file[name].get<std::string>()
                   : std::string();
    };
    if (text("format") != kFormat)
        throw FormatError(
            path, "not a Modescape result file (no \"format\": \"" + std::string(kFormat) + "\")");
    if (!file.contains("version") || file["version"] != kVersion)
        throw FormatError(path, "result file of version " +
                                    (file.contains("version") ? file["version"].dump() : "none") +
                                    ", this Modescape reads version " + std::to_string(kVersion));
    if (text("analysis") != analysis.info().name)
        throw FormatError(
            path, "a result of '" + text("analysis") + "', not of '" + analysis.info().name + "'");
    if (!file.contains("result") || !file["result"].is_object())
        throw FormatError(path, "no \"result\" object");
    return file["result"];
}

double numberOrNan(const nlohmann::json& value) {
    return value.is_null() ? std::numeric_limits<double>::quiet_NaN() : value.get<double>();
}

std::vector<double> numbersOrNan(const nlohmann::json& values) {
    std::vector<double> numbers;
    for (const nlohmann::json& value : values)
        numbers.push_back(numberOrNan(value));
    return numbers;
}

void throwJsonResultError(const std::string& path, const std::exception& error) {
    throw FormatError(path, std::string("not a complete result (") + error.what() + ")");
}

}  // namespace modescape::analysis
