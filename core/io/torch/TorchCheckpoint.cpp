#include "core/io/torch/TorchCheckpoint.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "core/common/Error.h"
#include "core/io/torch/TorchLegacyReader.h"
#include "core/io/torch/TorchScriptReader.h"
#include "core/io/torch/TorchZipReader.h"

namespace modescape::io {

namespace {

enum class Container { Zip, Pickle, Other };

Container sniff(const std::string& head) {
    if (head.size() >= 4 && head.compare(0, 4, "PK\x03\x04") == 0)
        return Container::Zip;
    // A protocol 2+ pickle starts with PROTO; torch.save's legacy format always does.
    if (head.size() >= 2 && static_cast<unsigned char>(head[0]) == 0x80 &&
        static_cast<unsigned char>(head[1]) >= 2 && static_cast<unsigned char>(head[1]) <= 5)
        return Container::Pickle;
    return Container::Other;
}

std::string readHead(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw IoError(path, std::string("cannot open: ") + std::strerror(errno));
    std::string head(8, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<std::size_t>(in.gcount()));
    return head;
}

}  // namespace

bool looksLikeTorchCheckpoint(const std::string& path) {
    try {
        return sniff(readHead(path)) != Container::Other;
    } catch (const IoError&) {
        return false;
    }
}

std::unique_ptr<CheckpointFile> openTorchCheckpoint(const std::string& path,
                                                    const OpenOptions& options) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        throw IoError(path, "is a folder, not a checkpoint file");
    const std::string head = readHead(path);
    switch (sniff(head)) {
        case Container::Zip:
            if (torchfile::isTorchScriptArchive(path))
                return torchfile::openTorchScript(path);
            return torchfile::openTorchZip(path, options);
        case Container::Pickle:
            return torchfile::openTorchLegacy(path, options);
        case Container::Other:
            break;
    }
    if (head.size() < 2)
        throw FormatError(path, "is empty or too short to be a checkpoint");
    throw FormatError(path, "is not a PyTorch checkpoint (neither a zip archive nor a pickle)");
}

}  // namespace modescape::io
