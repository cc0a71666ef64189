#include "core/session/ResultKey.h"

#include <filesystem>

#include "core/common/Version.h"
#include "core/evaluation/ContentHash.h"
#include "core/io/set/CheckpointSet.h"

namespace modescape::session {

namespace {

// Seconds-resolution text of a file's modification time; "" when unknown.
std::string modified(const std::string& path) {
    std::error_code error;
    const auto time = std::filesystem::last_write_time(path, error);
    return error ? "" : std::to_string(time.time_since_epoch().count());
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
    for (const auto& dataset : set.datasets)
        field(dataset.role + "=" + dataset.spec);
    field(set.defaultNormalization);
    for (const auto& member : set.members) {
        field(member.name);
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
    evaluation::ContentHash hash;
    // dump() writes object keys sorted, so equal values give equal text.
    hash.add("modescape-result\n" + analysis.info().name + "\n" + defining.dump() + "\n" +
             modescapeVersion() + "\n" + setFingerprint(set));
    return hash.hex();
}

}  // namespace modescape::session
