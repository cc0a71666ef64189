#pragma once
// torch.save zip archives (PyTorch >= 1.6): <archive>/data.pkl through the
// restricted unpickler, storages in <archive>/data/<key>. The pieces the
// TorchScript reader shares (TorchScriptReader.cpp) are declared here too.

#include <memory>
#include <string>

#include "core/io/CheckpointFile.h"
#include "core/io/pickle/PickleValue.h"
#include "core/io/torch/TorchStateDict.h"

namespace modescape::io::torchfile {

class ZipArchive;

// Opens the archive, reads data.pkl and checks that every storage record the
// tensors need exists; storage bytes are read only by read(name). Returns
// format "torch-zip" or "lightning". Throws FormatError naming the file (and
// the missing record) for damaged archives.
std::unique_ptr<CheckpointFile> openTorchZip(const std::string& path, const OpenOptions& options);

// True when the zip archive at path is a TorchScript archive (has constants.pkl).
// Throws IoError / FormatError when it is not a readable zip archive.
bool isTorchScriptArchive(const std::string& path);

// Parses a pickle record ("data.pkl") of the archive with the restricted
// unpickler. Throws FormatError naming the file when it is missing or damaged.
pickle::PickleDocument readArchivePickle(const ZipArchive& zip, const std::string& record);

// Throws FormatError naming the file and the tensor when a storage record is missing.
void checkStorageRecords(const ZipArchive& zip, const std::vector<NamedTensorRef>& tensors);

// A checkpoint whose tensors live in the archive's data/<key> records.
std::unique_ptr<CheckpointFile> makeZipCheckpoint(const std::string& path, std::string format,
                                                  StateDictContents contents);

}  // namespace modescape::io::torchfile
