// Parsing and validation of a safetensors header. Everything here treats the
// input as hostile: sizes are checked for overflow before they are compared,
// and nothing is allocated from a size the file declares (only the header
// text itself, which is bounded by kMaxSafetensorsHeaderBytes and the file).

#include <algorithm>
#include <limits>
#include <set>

#include <nlohmann/json.hpp>

#include "core/common/Error.h"
#include "core/io/safetensors/SafetensorsHeaderChecks.h"

namespace modescape::io {
namespace safetensors_detail {
namespace {

using Json = nlohmann::json;

std::string range(std::uint64_t begin, std::uint64_t end) {
    return "[" + std::to_string(begin) + ", " + std::to_string(end) + "]";
}

[[noreturn]] void failTensor(const std::string& path, const std::string& name,
                             const std::string& problem) {
    throw FormatError(path, "tensor '" + name + "': " + problem);
}

// A JSON number that is a non-negative integer (not 3.0, not -1), or nothing.
std::optional<std::uint64_t> asUnsigned(const Json& value) {
    if (value.is_number_unsigned())
        return value.get<std::uint64_t>();
    if (value.is_number_integer() && value.get<std::int64_t>() >= 0)
        return static_cast<std::uint64_t>(value.get<std::int64_t>());
    return std::nullopt;
}

std::map<std::string, std::string> metadataFromJson(const Json& value, const std::string& path) {
    if (!value.is_object())
        throw FormatError(path,
                          "__metadata__ must be a JSON object mapping strings to strings, found " +
                              std::string(value.type_name()));
    std::map<std::string, std::string> result;
    for (const auto& [key, text] : value.items()) {
        if (!text.is_string())
            throw FormatError(path, "__metadata__ entry '" + key + "' must be a string, found " +
                                        std::string(text.type_name()));
        result.emplace(key, text.get<std::string>());
    }
    return result;
}

SafetensorsEntry entryFromJson(const std::string& name, const Json& value, std::uint64_t dataSize,
                               const std::string& path) {
    if (!value.is_object())
        failTensor(path, name,
                   "entry must be a JSON object, found " + std::string(value.type_name()));
    SafetensorsEntry entry;
    entry.info.name = name;

    const auto dtype = value.find("dtype");
    if (dtype == value.end() || !dtype->is_string())
        failTensor(path, name, "has no \"dtype\" string");
    entry.info.dtype = dtypeOrThrow(path, name, dtype->get_ref<const std::string&>());

    const auto shape = value.find("shape");
    if (shape == value.end() || !shape->is_array())
        failTensor(path, name, "has no \"shape\" array");
    for (const auto& dim : *shape) {
        const auto d = asUnsigned(dim);
        if (!d || *d > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
            failTensor(path, name, "shape " + shape->dump() + " must hold non-negative integers");
        entry.info.shape.push_back(static_cast<std::int64_t>(*d));
    }

    const auto offsets = value.find("data_offsets");
    if (offsets == value.end() || !offsets->is_array() || offsets->size() != 2)
        failTensor(path, name, "has no \"data_offsets\" pair [begin, end]");
    const auto begin = asUnsigned((*offsets)[0]);
    const auto end = asUnsigned((*offsets)[1]);
    if (!begin || !end)
        failTensor(path, name,
                   "data_offsets " + offsets->dump() + " must be non-negative integers");
    entry.begin = *begin;
    entry.end = *end;
    checkOffsets(path, name, entry.begin, entry.end, dataSize);
    checkByteSize(path, entry);
    return entry;
}

}  // namespace

DType dtypeOrThrow(const std::string& path, const std::string& name, std::string_view text) {
    static const std::pair<std::string_view, DType> kNames[] = {
        {"F64", DType::F64}, {"F32", DType::F32},  {"F16", DType::F16}, {"BF16", DType::BF16},
        {"I64", DType::I64}, {"I32", DType::I32},  {"I16", DType::I16}, {"I8", DType::I8},
        {"U8", DType::U8},   {"BOOL", DType::Bool}};
    for (const auto& [spelling, dtype] : kNames)
        if (text == spelling)
            return dtype;
    failTensor(path, name,
               "unsupported dtype \"" + std::string(text) +
                   "\" (supported: F64 F32 F16 BF16 I64 I32 I16 I8 U8 BOOL)");
}

void checkOffsets(const std::string& path, const std::string& name, std::uint64_t begin,
                  std::uint64_t end, std::uint64_t dataSize) {
    if (begin > end)
        failTensor(path, name, "data_offsets " + range(begin, end) + " end before they begin");
    if (end > dataSize)
        failTensor(path, name,
                   "data_offsets " + range(begin, end) + " run past the end of the data region (" +
                       std::to_string(dataSize) +
                       " bytes); the file is truncated or its header is corrupt");
}

void checkByteSize(const std::string& path, const SafetensorsEntry& entry) {
    const auto& info = entry.info;
    std::uint64_t bytes = dtypeSize(info.dtype);
    bool overflow = false;
    for (auto dim : info.shape) {
        const auto d = static_cast<std::uint64_t>(dim);
        if (d != 0 && bytes > std::numeric_limits<std::uint64_t>::max() / d)
            overflow = true;
        bytes *= d;  // wraps only when overflow is already set
    }
    // A zero dimension makes the tensor empty whatever the other dimensions say.
    if (std::find(info.shape.begin(), info.shape.end(), 0) != info.shape.end()) {
        overflow = false;
        bytes = 0;
    }
    const std::uint64_t stored = entry.end - entry.begin;
    const std::string what = "shape " + shapeToString(info.shape) + " of " + dtypeName(info.dtype);
    if (overflow)
        failTensor(path, info.name, what + " declares more bytes than any file can hold");
    if (bytes != stored)
        failTensor(path, info.name,
                   what + " needs " + std::to_string(bytes) + " bytes but data_offsets " +
                       range(entry.begin, entry.end) + " hold " + std::to_string(stored));
}

void finishHeader(SafetensorsHeader& header, const std::string& path) {
    auto& entries = header.entries;
    // File order is data order (writers lay data out in header order); an
    // empty tensor sorts before a non-empty one that starts where it does.
    std::stable_sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
        return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
    });
    const SafetensorsEntry* previous = nullptr;
    for (const auto& entry : entries) {
        if (entry.begin == entry.end)
            continue;  // an empty tensor occupies no bytes
        if (previous && entry.begin < previous->end)
            throw FormatError(path, "tensors '" + previous->info.name + "' " +
                                        range(previous->begin, previous->end) + " and '" +
                                        entry.info.name + "' " + range(entry.begin, entry.end) +
                                        " overlap in the data region; the header is corrupt");
        previous = &entry;
    }
    std::vector<const std::string*> names;
    names.reserve(entries.size());
    for (const auto& entry : entries)
        names.push_back(&entry.info.name);
    std::sort(names.begin(), names.end(), [](auto* a, auto* b) { return *a < *b; });
    const auto twice =
        std::adjacent_find(names.begin(), names.end(), [](auto* a, auto* b) { return *a == *b; });
    if (twice != names.end())
        throw FormatError(path, "tensor '" + **twice + "' appears twice in the header");
}

SafetensorsHeader parseGeneralHeader(std::string_view text, std::uint64_t dataSize,
                                     const std::string& path) {
    // The JSON object keeps one value per key: catch repeated top-level keys
    // while parsing, as the canonical parser does.
    std::set<std::string> seen;
    std::string repeated;
    const Json::parser_callback_t noteKeys = [&](int depth, Json::parse_event_t event,
                                                 Json& value) {
        if (depth == 1 && event == Json::parse_event_t::key && repeated.empty() &&
            !seen.insert(value.get<std::string>()).second)
            repeated = value.get<std::string>();
        return true;
    };
    Json json;
    try {
        json = Json::parse(text.begin(), text.end(), noteKeys);
    } catch (const Json::parse_error& e) {
        throw FormatError(path, "the header is not valid JSON (error at byte " +
                                    std::to_string(8 + e.byte) +
                                    "); the file is corrupt or not a safetensors file");
    } catch (const Json::exception& e) {
        throw FormatError(path,
                          std::string("the header cannot be read as JSON (") + e.what() + ")");
    }
    if (!json.is_object())
        throw FormatError(path, "the header is a JSON " + std::string(json.type_name()) +
                                    ", not an object; the file is not a safetensors file");
    if (!repeated.empty())
        throw FormatError(
            path, (repeated == "__metadata__" ? "__metadata__" : "tensor '" + repeated + "'") +
                      std::string(" appears twice in the header"));

    SafetensorsHeader header;
    header.entries.reserve(json.size());
    for (const auto& [name, value] : json.items()) {
        if (name == "__metadata__")
            header.metadata = metadataFromJson(value, path);
        else
            header.entries.push_back(entryFromJson(name, value, dataSize, path));
    }
    finishHeader(header, path);
    return header;
}

}  // namespace safetensors_detail

namespace {

std::uint64_t readLittleEndian64(const unsigned char* p) {
    std::uint64_t value = 0;
    for (int i = 7; i >= 0; --i)
        value = (value << 8) | p[i];
    return value;
}

}  // namespace

SafetensorsHeader parseSafetensorsHeader(const void* bytes, std::size_t size,
                                         std::uint64_t fileSize, const std::string& path) {
    if (fileSize == 0)
        throw FormatError(path, "the file is empty; it is not a safetensors file");
    if (fileSize < 8 || size < 8)
        throw FormatError(path, "the file is " +
                                    std::to_string(std::min<std::uint64_t>(fileSize, size)) +
                                    " bytes long, too short for the 8-byte header length of a "
                                    "safetensors file");
    const auto* data = static_cast<const unsigned char*>(bytes);
    const std::uint64_t headerSize = readLittleEndian64(data);
    if (headerSize > kMaxSafetensorsHeaderBytes)
        throw FormatError(path, "the header length " + std::to_string(headerSize) +
                                    " is larger than the 100 MB limit; the file is corrupt or "
                                    "not a safetensors file");
    if (headerSize > fileSize - 8)
        throw FormatError(path, "the header length " + std::to_string(headerSize) +
                                    " runs past the end of the file (" + std::to_string(fileSize) +
                                    " bytes); the file is truncated or not a safetensors file");
    if (headerSize > size - 8)
        throw FormatError(path, "only " + std::to_string(size) + " of the " +
                                    std::to_string(8 + headerSize) + " header bytes were given");

    const std::string_view text(reinterpret_cast<const char*>(data) + 8,
                                static_cast<std::size_t>(headerSize));
    const std::uint64_t dataSize = fileSize - 8 - headerSize;
    auto header = safetensors_detail::parseCanonicalHeader(text, dataSize, path);
    if (!header)
        header = safetensors_detail::parseGeneralHeader(text, dataSize, path);
    header->dataStart = 8 + headerSize;
    return std::move(*header);
}

}  // namespace modescape::io
