#include "core/data/DatasetAssignment.h"

#include "core/common/Error.h"
#include "core/data/DatasetRoleWords.h"
#include "core/data/DatasetSpec.h"

namespace modescape::data {
namespace {

std::string roleList() {
    std::string list;
    for (const auto& entry : kDatasetRoleWords)
        list += (list.empty() ? "" : "|") + std::string(entry.word);
    return list;
}

[[noreturn]] void fail(const std::string& what, const std::string& problem) {
    throw InvalidArgument(what + ": " + problem + "\naccepted: " + roleList() +
                          "=SPEC, where SPEC is one of:\n" + acceptedDatasetSpecs());
}

}  // namespace

io::DatasetSpec parseDatasetAssignment(const std::string& text, const std::string& what) {
    const std::size_t eq = text.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == text.size())
        fail(what, "expected ROLE=SPEC");
    io::DatasetSpec d{text.substr(0, eq), text.substr(eq + 1)};
    if (!isDatasetRole(d.role))
        fail(what, unknownRoleMessage(d.role));
    try {
        parseDatasetSpec(d.spec);
    } catch (const InvalidArgument& e) {
        fail(what, e.what());
    }
    return d;
}

}  // namespace modescape::data
