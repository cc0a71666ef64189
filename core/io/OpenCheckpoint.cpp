// openCheckpoint(): picks the reader by the file's first bytes, never by its
// suffix (a ".pt" may be a zip, a legacy pickle or a TorchScript archive).
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "core/common/Error.h"
#include "core/io/CheckpointFile.h"
#include "core/io/safetensors/SafetensorsReader.h"
#include "core/io/torch/TorchCheckpoint.h"

namespace modescape::io {
namespace {

enum class ContentKind { Safetensors, TorchZip, TorchLegacy, Unknown };

ContentKind sniff(const unsigned char* b, std::size_t n) {
    // safetensors: u64 LE header length, then the JSON header's '{'.
    if (n >= 9 && b[8] == '{') {
        std::uint64_t length = 0;
        for (int i = 7; i >= 0; --i)
            length = (length << 8) | b[i];
        if (length >= 2)
            return ContentKind::Safetensors;
    }
    if (n >= 4 && b[0] == 'P' && b[1] == 'K' && b[2] == 3 && b[3] == 4)
        return ContentKind::TorchZip;
    if (n >= 2 && b[0] == 0x80 && b[1] == 0x02)
        return ContentKind::TorchLegacy;
    return ContentKind::Unknown;
}

std::string hexBytes(const unsigned char* b, std::size_t n) {
    std::string s;
    char buf[4];
    for (std::size_t i = 0; i < n; ++i) {
        std::snprintf(buf, sizeof buf, "%02x", b[i]);
        s += (i ? " " : "") + std::string(buf);
    }
    return s;
}

}  // namespace

const TensorInfo* CheckpointFile::find(const std::string& name) const {
    for (const TensorInfo& t : tensors())
        if (t.name == name)
            return &t;
    return nullptr;
}

const std::vector<std::string>& checkpointSuffixes() {
    static const std::vector<std::string> suffixes{".safetensors", ".pt", ".pth", ".bin", ".ckpt"};
    return suffixes;
}

std::unique_ptr<CheckpointFile> openCheckpoint(const std::string& path,
                                               const OpenOptions& options) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw IoError(path, "cannot open the file (check that it exists and is readable)");
    unsigned char head[16] = {};
    in.read(reinterpret_cast<char*>(head), sizeof head);
    const auto n = static_cast<std::size_t>(in.gcount());
    if (in.bad())
        throw IoError(path, "cannot read the file");
    in.close();
    if (n == 0)
        throw FormatError(path, "the file is empty; it is not a checkpoint");

    switch (sniff(head, n)) {
        case ContentKind::Safetensors:
            return openSafetensors(path);
        case ContentKind::TorchZip:
        case ContentKind::TorchLegacy:
            return openTorchCheckpoint(path, options);
        case ContentKind::Unknown:
            break;
    }
    const std::string found = options.quoteHead
                                  ? "the file starts with " + hexBytes(head, n < 8 ? n : 8)
                                  : std::string("the file starts with something else");
    throw FormatError(path,
                      "not a checkpoint Modescape can read: expected safetensors (8-byte header "
                      "length then '{'), a torch.save / TorchScript zip ('PK') or a legacy "
                      "torch.save pickle (0x80 0x02), but " +
                          found +
                          "; convert it with safetensors or torch.save, or remove it from the set");
}

}  // namespace modescape::io
