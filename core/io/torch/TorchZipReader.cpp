#include "core/io/torch/TorchZipReader.h"

#include "core/common/Error.h"
#include "core/io/pickle/Unpickler.h"
#include "core/io/torch/TorchPickleCheckpoint.h"
#include "core/io/torch/ZipArchive.h"

namespace modescape::io::torchfile {

namespace {

class TorchZipCheckpoint final : public TorchPickleCheckpoint {
  public:
    using TorchPickleCheckpoint::TorchPickleCheckpoint;

  protected:
    // Reopens the archive per read: a set of thousands of checkpoints must not
    // hold thousands of open files.
    StorageBytes readStorage(const pickle::TensorRef& ref) const override {
        ZipArchive zip(path());
        const std::string record = "data/" + ref.storageKey;
        if (!zip.has(record))
            throw FormatError(path(), "storage record '" + record + "' is missing");
        ZipArchive::Bytes bytes = zip.readBytes(record);  // large stored records: no string
        return {std::move(bytes.owner), bytes.data, bytes.size};
    }
};

}  // namespace

bool isTorchScriptArchive(const std::string& path) {
    return ZipArchive(path).has("constants.pkl");
}

pickle::PickleDocument readArchivePickle(const ZipArchive& zip, const std::string& record) {
    if (!zip.has(record))
        throw FormatError(zip.path(), "zip archive without a " + record +
                                          " record: not a file torch.save or torch.jit.save wrote");
    // PyTorch >= 2.1 records the writer's byte order; storages are raw bytes.
    if (zip.has("byteorder") && *zip.read("byteorder") == "big")
        throw FormatError(zip.path(), "written on a big-endian machine, which is not supported");
    auto bytes = zip.read(record);
    return pickle::parsePickle(*bytes, zip.path(), record);
}

void checkStorageRecords(const ZipArchive& zip, const std::vector<NamedTensorRef>& tensors) {
    for (const auto& t : tensors) {
        const std::string record = "data/" + t.ref.storageKey;
        if (!zip.has(record))
            throw FormatError(zip.path(), "the storage record '" + record + "' of tensor '" +
                                              t.name +
                                              "' is missing from the zip archive; the file is "
                                              "incomplete or damaged");
    }
}

std::unique_ptr<CheckpointFile> makeZipCheckpoint(const std::string& path, std::string format,
                                                  StateDictContents contents) {
    return std::make_unique<TorchZipCheckpoint>(path, std::move(format), std::move(contents));
}

std::unique_ptr<CheckpointFile> openTorchZip(const std::string& path, const OpenOptions& options) {
    ZipArchive zip(path);
    pickle::PickleDocument doc = readArchivePickle(zip, "data.pkl");
    StateDictContents contents = extractStateDict(doc.root, path, options);
    checkStorageRecords(zip, contents.tensors);
    std::string format = contents.lightning ? "lightning" : "torch-zip";
    return makeZipCheckpoint(path, std::move(format), std::move(contents));
}

}  // namespace modescape::io::torchfile
