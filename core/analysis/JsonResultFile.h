#pragma once
// The result-cache file (docs/result-cache.md) of an analysis whose result is
// kept as the JSON its `--json` run prints (Analysis::resultJson, the one
// writer of that result), read back by the analysis's own reader:
//   {"format": "modescape-result", "version": 1, "analysis": NAME, "result": {...}}
// nlohmann::json writes a double as the shortest text that reads back to the
// same double, so finite numbers round-trip bit for bit; JSON has no NaN or
// infinity, which the result writers write as null (read back as NaN).

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace modescape::analysis {

class Analysis;

// The envelope {"format", "version", "analysis", "result"} around `result`
// (also the text a tensor result file keeps, TensorResultFile.h).
nlohmann::json jsonResultEnvelope(const Analysis& analysis, const nlohmann::json& result);
// The "result" of an envelope read from `path`. Throws FormatError naming
// the file: not this format or version, another analysis.
nlohmann::json resultOfEnvelope(const std::string& path, const nlohmann::json& file,
                                const Analysis& analysis);

// Written atomically (core/io/AtomicFile.h). Throws IoError when it cannot be.
void writeJsonResultFile(const std::string& path, const Analysis& analysis,
                         const nlohmann::json& result);

// The "result" of such a file written for `analysis`. Throws FormatError
// naming the file: not JSON, not this format or version, another analysis.
nlohmann::json readJsonResultFile(const std::string& path, const Analysis& analysis);

// Reads a result with `read`, turning its errors (a field missing or of
// another type, an unknown word) into a FormatError naming the file.
template <typename Read>
auto readJsonResult(const std::string& path, const Analysis& analysis, Read read);

// A number a result writer wrote (null for a non-finite one): NaN for null.
double numberOrNan(const nlohmann::json& value);
std::vector<double> numbersOrNan(const nlohmann::json& values);

[[noreturn]] void throwJsonResultError(const std::string& path, const std::exception& error);

template <typename Read>
auto readJsonResult(const std::string& path, const Analysis& analysis, Read read) {
    const nlohmann::json result = readJsonResultFile(path, analysis);
    try {
        return read(result);
    } catch (const std::exception& error) {
        throwJsonResultError(path, error);
    }
}

}  // namespace modescape::analysis
