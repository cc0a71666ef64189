#include "core/session/ResultKey.h"

#include <filesystem>

#include "core/common/Version.h"
#include "core/evaluation/ContentHash.h"
#include "core/io/set/CheckpointSet.h"

namespace modescape::session {

namespace {

// Bumped whenever what a key stands for changes (what it hashes, or how an
// analysis's result file is written), so that older cache entries miss.
constexpr const char* kResultKeyFormat = "2";

// Text of a file's modification time in the file clock's own ticks (what the
// file system keeps, nanoseconds here); "" when unknown.
std::string modified(const std::string& path) {
    std::error_code error;
    const auto time = std::filesystem::last_write_time(path, error);
    return error ? "" : std::to_string(time.time_since_epoch().count());
}

// Size and modification time of a file a result is read from ("" for none).
std::string fileStamp(const std::string& path) {
    std::error_code error;
    if (path.empty() || !std::filesystem::is_regular_file(path, error))
        return "";
    const auto bytes = std::filesystem::file_size(path, error);
    return error ? "" : std::to_string(bytes) + "@" + modified(path);
}

}  // namespace

std::string setFingerprint(const io::CheckpointSet& set) {
    evaluation::ContentHash hash;
    // Each field ends with a separator no path or name holds, so that
    // ("ab", "c") and ("a", "bc") hash differently.
    const auto field = [&hash](const std::string& text) {
        hash.add(text).add(std::string(1, '\0'));
    };
    field(set.folder);
    field(set.model.describe());
    if (set.model.kind == io::ModelSpec::Kind::TorchScript)
        field(fileStamp(set.model.path));  // a rebuilt model.pt at the same path
    for (const auto& dataset : set.datasets)
        field(dataset.role + "=" + dataset.spec);
    field(set.defaultNormalization);
    // The manifest may regroup members or change their metadata without
    // touching a member file.
    field(set.manifestPath + "@" + fileStamp(set.manifestPath));
    for (const auto& member : set.members) {
        field(member.name);
        field(member.group);
        for (const auto& [key, value] : member.metadata)
            field(key + "=" + value);
        field(member.archive.empty() ? member.path : member.archive);
        field(std::to_string(member.archiveEntry));
        field(std::to_string(member.fileBytes));
        field(modified(member.archive.empty() ? member.path : member.archive));
    }
    return hash.hex();
}

std::string resultKey(const analysis::Analysis& analysis, const analysis::ParameterValues& values,
                      const io::CheckpointSet& set) {
    analysis::ParameterValues defining = analysis::resultDefiningValues(
        analysis, analysis::withDefaults(analysis.parameters(), values));
    for (const auto& spec : analysis.parameters())
        if (spec.kind == analysis::ParameterKind::Set)
            defining.erase(spec.name);
    // Files named by a value (a direction file, a saved curve, a symmetry
    // spec) change the result when rewritten at the same path.
    std::string files;
    for (const auto& spec : analysis.parameters())
        if (spec.kind == analysis::ParameterKind::Path && defining.contains(spec.name) &&
            defining[spec.name].is_string())
            files += spec.name + "=" + fileStamp(defining[spec.name].get<std::string>()) + "\n";
    evaluation::ContentHash hash;
    // dump() writes object keys sorted, so equal values give equal text.
    hash.add(std::string("modescape-result ") + kResultKeyFormat + "\n" + analysis.info().name +
             "\n" + defining.dump() + "\n" + files + modescapeVersion() + "\n" +
             setFingerprint(set));
    return hash.hex();
}

}  // namespace modescape::session
