#pragma once
// Internal to the safetensors reader: the two header parsers (a fast one for
// the canonical layout every writer produces, and nlohmann::json for
// everything else) and the checks they share, so that both accept and refuse
// exactly the same files with the same messages. Exposed for the fuzzer,
// which compares the two.

#include <optional>
#include <string>
#include <string_view>

#include "core/io/safetensors/SafetensorsReader.h"

namespace modescape::io::safetensors_detail {

// Throws FormatError(path, "tensor 'name': unsupported dtype ...").
DType dtypeOrThrow(const std::string& path, const std::string& name, std::string_view text);
// begin <= end <= dataSize, else FormatError.
void checkOffsets(const std::string& path, const std::string& name, std::uint64_t begin,
                  std::uint64_t end, std::uint64_t dataSize);
// end - begin == numel * element size, computed without overflow.
void checkByteSize(const std::string& path, const SafetensorsEntry& entry);
// Sorts entries into file (data) order, then refuses overlaps and duplicate names.
void finishHeader(SafetensorsHeader& header, const std::string& path);

// The canonical layout only: ASCII strings without escapes, the keys dtype /
// shape / data_offsets, plain integers. Returns nothing (without throwing)
// for any other text, which then goes to parseGeneralHeader; throws
// FormatError for a canonical header whose content is wrong.
std::optional<SafetensorsHeader> parseCanonicalHeader(std::string_view json, std::uint64_t dataSize,
                                                      const std::string& path);
// Any JSON, through nlohmann::json. Throws FormatError for anything invalid.
SafetensorsHeader parseGeneralHeader(std::string_view json, std::uint64_t dataSize,
                                     const std::string& path);

}  // namespace modescape::io::safetensors_detail
