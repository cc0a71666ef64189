#include "core/io/torch/TorchZipReader.h"

#include <c10/util/Exception.h>
#include <caffe2/serialize/inline_container.h>

#include "core/common/Error.h"
#include "core/io/pickle/Unpickler.h"
#include "core/io/torch/TorchPickleCheckpoint.h"

namespace modescape::io::torchfile {

namespace {

using caffe2::serialize::PyTorchStreamReader;

// LibTorch reports zip problems as c10::Error with a backtrace; keep the first line.
std::string firstLine(const c10::Error& e) {
    std::string m = e.what_without_backtrace();
    return m.substr(0, m.find('\n'));
}

std::unique_ptr<PyTorchStreamReader> openZip(const std::string& path) {
    try {
        return std::make_unique<PyTorchStreamReader>(path);
    } catch (const c10::Error& e) {
        throw FormatError(path, "not a readable PyTorch zip archive (" + firstLine(e) +
                                    "); the file is truncated or damaged");
    }
}

class TorchZipCheckpoint final : public TorchPickleCheckpoint {
  public:
    using TorchPickleCheckpoint::TorchPickleCheckpoint;

  protected:
    // Reopens the archive per read: a set of thousands of checkpoints must not
    // hold thousands of open files.
    StorageBytes readStorage(const pickle::TensorRef& ref) const override {
        auto zip = openZip(path());
        const std::string record = "data/" + ref.storageKey;
        try {
            if (!zip->hasRecord(record))
                throw FormatError(path(), "storage record '" + record + "' is missing");
            auto [dataPtr, size] = zip->getRecord(record);
            auto owner = std::make_shared<at::DataPtr>(std::move(dataPtr));
            return {owner, static_cast<const std::uint8_t*>(owner->get()), size};
        } catch (const c10::Error& e) {
            throw FormatError(path(), "cannot read storage record '" + record + "' (" +
                                          firstLine(e) + "); the file is damaged");
        }
    }
};

}  // namespace

bool isTorchScriptArchive(const std::string& path) {
    auto zip = openZip(path);
    try {
        return zip->hasRecord("constants.pkl");
    } catch (const c10::Error&) {
        return false;
    }
}

std::unique_ptr<CheckpointFile> openTorchZip(const std::string& path, const OpenOptions& options) {
    auto zip = openZip(path);
    std::string pickleBytes;
    try {
        if (!zip->hasRecord("data.pkl"))
            throw FormatError(path, "zip archive without a data.pkl record: not a torch.save file");
        auto [dataPtr, size] = zip->getRecord("data.pkl");
        pickleBytes.assign(static_cast<const char*>(dataPtr.get()), size);
        // PyTorch >= 2.1 records the writer's byte order; storages are raw bytes.
        if (zip->hasRecord("byteorder")) {
            auto [orderPtr, orderSize] = zip->getRecord("byteorder");
            if (std::string(static_cast<const char*>(orderPtr.get()), orderSize) == "big")
                throw FormatError(path, "written on a big-endian machine, which is not supported");
        }
    } catch (const c10::Error& e) {
        throw FormatError(path, "cannot read data.pkl (" + firstLine(e) + "); the file is damaged");
    }
    pickle::PickleDocument doc = pickle::parsePickle(pickleBytes, path, "data.pkl");
    StateDictContents contents = extractStateDict(doc.root, path, options);
    for (const auto& t : contents.tensors) {
        const std::string record = "data/" + t.ref.storageKey;
        bool found = false;
        try {
            found = zip->hasRecord(record);
        } catch (const c10::Error& e) {
            throw FormatError(path, "cannot look up '" + record + "' (" + firstLine(e) + ")");
        }
        if (!found)
            throw FormatError(path, "the storage record '" + record + "' of tensor '" + t.name +
                                        "' is missing from the zip archive; the file is "
                                        "incomplete or damaged");
    }
    std::string format = contents.lightning ? "lightning" : "torch-zip";
    return std::make_unique<TorchZipCheckpoint>(path, format, std::move(contents));
}

}  // namespace modescape::io::torchfile
