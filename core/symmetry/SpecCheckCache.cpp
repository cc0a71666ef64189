#include "core/symmetry/SpecCheckCache.h"

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "core/common/Error.h"
#include "core/common/UserFolders.h"
#include "core/evaluation/ContentHash.h"
#include "core/io/AtomicFile.h"
#include "core/symmetry/SymmetrySpecJson.h"

namespace modescape::symmetry {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string entryPath(const std::string& modelPath, const std::string& folder) {
    const fs::path root =
        folder.empty() ? fs::path(userCacheFolder()) / "spec-checks" : fs::path(folder);
    return (root / (fileContentHash(modelPath) + ".json")).string();
}

}  // namespace

json specCheckToJson(const SpecCheck& check) {
    json groups = json::array();
    for (const auto& g : check.groups)
        groups.push_back({{"group", g.group}, {"difference", g.difference}, {"passed", g.passed}});
    return {{"passed", check.passed},
            {"difference", check.difference},
            {"tolerance", check.tolerance},
            {"input_shape", check.inputShape},
            {"samples", check.samples},
            {"seed", check.seed},
            {"groups", groups},
            {"message", check.message}};
}

json inferredSpecReport(const InferredSpec& inferred, const SpecCheck& check) {
    return {{"spec", symmetrySpecToJson(inferred.spec)},
            {"check", specCheckToJson(check)},
            {"stopped_by", inferred.stoppedBy}};
}

std::string fileContentHash(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw IoError(path, "cannot read the file to hash it");
    evaluation::ContentHash hash;
    std::vector<char> buffer(1 << 20);
    while (in) {
        in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        hash.add(buffer.data(), static_cast<std::size_t>(in.gcount()));
    }
    return hash.hex();
}

bool storeSpecCheck(const std::string& modelPath, const json& report, const std::string& folder) {
    try {
        const std::string path = entryPath(modelPath, folder);
        fs::create_directories(fs::path(path).parent_path());
        io::writeFileAtomically(path, report.dump(1) + "\n");
        return true;
    } catch (const std::exception&) {
        return false;
    }
}

std::optional<json> cachedSpecCheck(const std::string& modelPath, const std::string& folder) {
    try {
        std::ifstream in(entryPath(modelPath, folder));
        if (!in)
            return std::nullopt;
        json report = json::parse(in);
        if (!report.is_object() || !report.contains("check") || !report.contains("spec"))
            return std::nullopt;
        return report;
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

}  // namespace modescape::symmetry
