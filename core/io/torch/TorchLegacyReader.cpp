#include "core/io/torch/TorchLegacyReader.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <unordered_map>

#include "core/common/Error.h"
#include "core/io/pickle/Unpickler.h"
#include "core/io/torch/TorchPickleCheckpoint.h"

namespace modescape::io::torchfile {

namespace {

// 0x1950a86a20f9469cfc6c as the little-endian bytes LONG1 carries.
const std::string kMagic("\x6c\xfc\x9c\x46\xf9\x20\x6a\xa8\x50\x19", 10);
constexpr std::int64_t kProtocolVersion = 1001;

// Element sizes of storages Modescape cannot turn into tensors but must step over.
std::size_t elementSize(const pickle::TensorRef& ref) {
    if (ref.dtypeKnown)
        return dtypeSize(ref.dtype);
    static const std::pair<const char*, std::size_t> others[] = {
        {"ComplexFloatStorage", 8}, {"ComplexDoubleStorage", 16}, {"QInt8Storage", 1},
        {"QUInt8Storage", 1},       {"QInt32Storage", 4},         {"QUInt4x2Storage", 1},
    };
    for (const auto& [name, size] : others)
        if (ref.storageType == name)
            return size;
    return 0;
}

struct StorageLocation {
    std::uint64_t offset = 0;  // of the first data byte
    std::uint64_t bytes = 0;
};

std::ifstream openFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw IoError(path, std::string("cannot open: ") + std::strerror(errno));
    return in;
}

std::string readAt(std::ifstream& in, const std::string& path, std::uint64_t offset,
                   std::uint64_t n) {
    std::string out(n, '\0');
    in.seekg(static_cast<std::streamoff>(offset));
    if (!in.read(out.data(), static_cast<std::streamsize>(n)))
        throw FormatError(
            path, "ends before byte " + std::to_string(offset + n) + "; the file is truncated");
    return out;
}

class TorchLegacyCheckpoint final : public TorchPickleCheckpoint {
  public:
    TorchLegacyCheckpoint(std::string path, std::string format, StateDictContents contents,
                          std::unordered_map<std::string, StorageLocation> storages)
        : TorchPickleCheckpoint(std::move(path), std::move(format), std::move(contents)),
          storages_(std::move(storages)) {}

  protected:
    StorageBytes readStorage(const pickle::TensorRef& ref) const override {
        auto it = storages_.find(ref.storageKey);
        if (it == storages_.end())
            throw FormatError(path(),
                              "storage '" + ref.storageKey + "' is not in the storage table");
        std::ifstream in = openFile(path());
        auto buffer = std::shared_ptr<std::uint8_t[]>(new std::uint8_t[it->second.bytes + 1]);
        in.seekg(static_cast<std::streamoff>(it->second.offset));
        if (!in.read(reinterpret_cast<char*>(buffer.get()),
                     static_cast<std::streamsize>(it->second.bytes)))
            throw FormatError(path(), "storage '" + ref.storageKey +
                                          "' ends past the end of the file; "
                                          "the file is truncated");
        return {buffer, buffer.get(), it->second.bytes};
    }

  private:
    std::unordered_map<std::string, StorageLocation> storages_;
};

// The five pickles, read from a prefix of the file that grows until they fit.
struct LegacyPickles {
    pickle::PickleDocument main;
    pickle::PickleDocument keys;
    std::uint64_t storagesOffset = 0;
};

LegacyPickles readPickles(std::ifstream& in, const std::string& path, std::uint64_t fileSize) {
    std::uint64_t chunk = std::min<std::uint64_t>(fileSize, 1 << 20);
    for (;;) {
        std::string head = readAt(in, path, 0, chunk);
        try {
            auto magic = pickle::parsePickle(head, path, "magic number");
            if (magic.root->kind != pickle::Kind::BigInt || magic.root->text != kMagic)
                throw FormatError(path,
                                  "a pickle that is not a PyTorch checkpoint (wrong magic number)");
            auto protocol = pickle::parsePickle(head, path, "protocol version", magic.endOffset);
            if (protocol.root->kind != pickle::Kind::Int ||
                protocol.root->integer != kProtocolVersion)
                throw FormatError(path, "unsupported legacy protocol version (expected 1001)");
            auto sysInfo = pickle::parsePickle(head, path, "sys info", protocol.endOffset);
            if (const auto* le = sysInfo.root->get("little_endian");
                le && le->kind == pickle::Kind::Bool && !le->boolean)
                throw FormatError(path, "written on a big-endian machine, which is not supported");
            LegacyPickles out;
            out.main = pickle::parsePickle(head, path, "main pickle", sysInfo.endOffset);
            out.keys = pickle::parsePickle(head, path, "storage keys", out.main.endOffset);
            out.storagesOffset = out.keys.endOffset;
            return out;
        } catch (const pickle::PickleTruncated&) {
            if (chunk >= fileSize)
                throw;
            chunk = std::min(fileSize, chunk * 4);
        }
    }
}

}  // namespace

std::unique_ptr<CheckpointFile> openTorchLegacy(const std::string& path,
                                                const OpenOptions& options) {
    std::ifstream in = openFile(path);
    std::error_code ec;
    const std::uint64_t fileSize = std::filesystem::file_size(path, ec);
    if (ec)
        throw IoError(path, "cannot read its size: " + ec.message());

    LegacyPickles pickles = readPickles(in, path, fileSize);
    StateDictContents contents = extractStateDict(pickles.main.root, path, options);

    // Element sizes by key, from every storage the main pickle references.
    std::unordered_map<std::string, std::size_t> elementSizes;
    for (const pickle::Value* s : pickles.main.storages)
        elementSizes[s->tensor.storageKey] = elementSize(s->tensor);

    const pickle::Value* keys = pickles.keys.root;
    if (keys->kind != pickle::Kind::List)
        throw FormatError(path,
                          "the storage key list is a " + pickle::describe(keys) + ", not a list");
    std::unordered_map<std::string, StorageLocation> storages;
    std::uint64_t offset = pickles.storagesOffset;
    for (const pickle::Value* key : keys->items) {
        if (!key->isString())
            throw FormatError(path, "a storage key is not a string");
        auto size = elementSizes.find(key->text);
        if (size == elementSizes.end() || size->second == 0)
            throw FormatError(path, "storage '" + key->text + "' has an unknown element size");
        std::string countBytes = readAt(in, path, offset, 8);
        std::uint64_t count = 0;
        for (int i = 7; i >= 0; --i)
            count = (count << 8) | static_cast<std::uint8_t>(countBytes[i]);
        offset += 8;
        if (count > fileSize / size->second || offset + count * size->second > fileSize)
            throw FormatError(path, "storage '" + key->text + "' of " + std::to_string(count) +
                                        " elements reaches past the end of the file; the file is "
                                        "truncated");
        storages[key->text] = {offset, count * size->second};
        offset += count * size->second;
    }
    for (const auto& t : contents.tensors)
        if (!storages.count(t.ref.storageKey))
            throw FormatError(path, "storage '" + t.ref.storageKey + "' of tensor '" + t.name +
                                        "' is missing from the storage table");
    std::string format = contents.lightning ? "lightning" : "torch-legacy";
    return std::make_unique<TorchLegacyCheckpoint>(path, format, std::move(contents),
                                                   std::move(storages));
}

}  // namespace modescape::io::torchfile
