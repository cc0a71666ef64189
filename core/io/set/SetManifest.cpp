#include "core/io/set/SetManifest.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/common/Error.h"
#include "core/data/DatasetRoleWords.h"

namespace modescape::io {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

// Thrown for schema faults; path is added by the caller.
[[noreturn]] void fail(const std::string& path, const std::string& where, const std::string& what) {
    throw FormatError(
        path, where + ": " + what + " (see docs/checkpoint-set.md for the manifest schema)");
}

std::string scalarText(const json& v) {
    if (v.is_string())
        return v.get<std::string>();
    if (v.is_boolean())
        return v.get<bool>() ? "true" : "false";
    if (v.is_number_integer())
        return std::to_string(v.get<std::int64_t>());
    if (v.is_number_unsigned())
        return std::to_string(v.get<std::uint64_t>());
    return v.dump();
}

std::string absolute(const std::string& folder, const std::string& file) {
    const fs::path p(file);
    return (p.is_absolute() ? p : fs::path(folder) / p).lexically_normal().string();
}

ModelSpec parseModel(const json& m, const std::string& path, const std::string& folder) {
    ModelSpec model;
    if (m.is_null())
        return model;
    if (m.is_string()) {
        model.kind = ModelSpec::Kind::TorchScript;
        model.path = absolute(folder, m.get<std::string>());
        return model;
    }
    if (!m.is_object())
        fail(path, "model", "expected a TorchScript path or an object");
    if (m.contains("torchscript")) {
        if (!m["torchscript"].is_string())
            fail(path, "model.torchscript", "expected a string");
        model.kind = ModelSpec::Kind::TorchScript;
        model.path = absolute(folder, m["torchscript"].get<std::string>());
    } else if (m.contains("builtin")) {
        if (!m["builtin"].is_string())
            fail(path, "model.builtin", "expected a string");
        model.kind = ModelSpec::Kind::Builtin;
        model.builtin = m["builtin"].get<std::string>();
        const json args = m.value("args", json::object());
        if (!args.is_object())
            fail(path, "model.args", "expected an object");
        model.argsJson = args.dump();
    } else {
        fail(path, "model", "expected a \"torchscript\" or a \"builtin\" key");
    }
    return model;
}

void addDataset(SetManifest& manifest, const std::string& role, const json& spec,
                const std::string& where, const std::string& path) {
    if (!spec.is_string())
        fail(path, where, "expected a dataset spec string such as \"fashion-mnist:test\"");
    if (!data::isDatasetRole(role))
        manifest.warnings.push_back(path + ": " + where + ": " + data::unknownRoleMessage(role) +
                                    "; kept, but no analysis can choose it");
    manifest.datasets.push_back({role, spec.get<std::string>()});
}

void parseDatasets(SetManifest& manifest, const json& d, const std::string& path) {
    if (d.is_null())
        return;
    if (d.is_object()) {
        for (const auto& [role, spec] : d.items())
            addDataset(manifest, role, spec, "datasets." + role, path);
    } else if (d.is_array()) {
        for (std::size_t i = 0; i < d.size(); ++i) {
            const std::string where = "datasets[" + std::to_string(i) + "]";
            if (!d[i].is_object() || !d[i].contains("role") || !d[i]["role"].is_string())
                fail(path, where, "expected {\"role\": ..., \"spec\": ...}");
            addDataset(manifest, d[i]["role"].get<std::string>(), d[i].value("spec", json()),
                       where + ".spec", path);
        }
    } else {
        fail(path, "datasets", "expected an object (role -> spec) or a list");
    }
}

ManifestMember parseMember(const json& m, const std::string& where, const std::string& path) {
    ManifestMember member;
    if (m.is_string()) {  // shorthand: just the file
        member.file = m.get<std::string>();
        return member;
    }
    if (!m.is_object())
        fail(path, where, "expected an object with a \"file\"");
    if (!m.contains("file") || !m["file"].is_string() || m["file"].get<std::string>().empty())
        fail(path, where + ".file", "expected the checkpoint's path relative to the set folder");
    for (const auto& [key, value] : m.items()) {
        if (key == "file") {
            member.file = value.get<std::string>();
        } else if (key == "group") {
            if (!value.is_string())
                fail(path, where + ".group", "expected a string");
            member.group = value.get<std::string>();
        } else if (key == "metadata") {
            if (!value.is_object())
                fail(path, where + ".metadata", "expected an object");
            for (const auto& [k, v] : value.items())
                if (!v.is_null())
                    member.metadata[k] = scalarText(v);
        } else if (!value.is_null()) {
            member.metadata[key] = scalarText(value);  // seed, epoch, method, free keys
        }
    }
    // The method names the group when no group is given (an ensemble, SWAG samples ...).
    if (member.group.empty() && member.metadata.count("method"))
        member.group = member.metadata["method"];
    return member;
}

// 1-based line and column of a byte offset.
std::string position(const std::string& text, std::size_t byte) {
    std::size_t line = 1, column = 1;
    for (std::size_t i = 0; i + 1 < byte && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
    }
    return "line " + std::to_string(line) + ", column " + std::to_string(column) + " (byte " +
           std::to_string(byte) + ")";
}

}  // namespace

SetManifest parseManifest(const std::string& text, const std::string& path,
                          const std::string& folder) {
    json root;
    try {
        root = json::parse(text);
    } catch (const json::parse_error& e) {
        throw FormatError(path,
                          "not valid JSON: parse error at " + position(text, e.byte) +
                              "; fix the manifest, or delete it to open the folder without one");
    } catch (const json::out_of_range&) {
        // nlohmann reports a number beyond double's range (1e400) this way.
        throw FormatError(
            path,
            "not valid JSON: a number is too large to represent (beyond about "
            "1.8e308); fix the manifest, or delete it to open the folder without one");
    }
    if (!root.is_object())
        fail(path, "top level", "expected a JSON object");

    SetManifest manifest;
    manifest.model = parseModel(root.value("model", json()), path, folder);
    parseDatasets(manifest, root.value("datasets", json()), path);
    if (root.contains("task")) {
        if (!root["task"].is_string())
            fail(path, "task", "expected a string such as \"classification\"");
        manifest.task = root["task"].get<std::string>();
    }
    if (root.contains("reference")) {
        if (!root["reference"].is_string())
            fail(path, "reference", "expected a member's file");
        manifest.reference = root["reference"].get<std::string>();
    }
    if (root.contains("members")) {
        const json& members = root["members"];
        if (!members.is_array())
            fail(path, "members", "expected a list of checkpoints");
        manifest.listsMembers = true;
        for (std::size_t i = 0; i < members.size(); ++i)
            manifest.members.push_back(
                parseMember(members[i], "members[" + std::to_string(i) + "]", path));
    }
    return manifest;
}

SetManifest readManifest(const std::string& path, const std::string& folder) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw IoError(path, "cannot read the manifest (check its permissions)");
    std::ostringstream text;
    text << in.rdbuf();
    return parseManifest(text.str(), path, folder);
}

}  // namespace modescape::io
