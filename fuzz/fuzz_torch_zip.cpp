// libFuzzer target for our zip reader as torch.save archives use it: the
// central directory, stored and deflated records, the zip-bomb checks, then
// data.pkl and every tensor's storage. Any input must read or throw
// modescape::Error; never crash, hang, leak or allocate out of proportion.
// Seeds: the torch.save fixtures (tests/fixtures/torch).
#include <cstddef>
#include <cstdint>

#include <ATen/ATen.h>

#include "core/common/Error.h"
#include "core/io/torch/TorchZipReader.h"
#include "core/io/torch/ZipArchive.h"
#include "fuzz/FuzzTempFile.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace modescape;
    const std::string path = fuzz::writeTempFile(data, size, ".pt");
    try {
        io::torchfile::ZipArchive zip(path);
        for (const std::string& record : zip.records())
            if (record.rfind("data/", 0) != 0)  // storages are read through the tensors below
                (void)zip.read(record);
    } catch (const Error&) {
    }
    try {
        auto checkpoint = io::torchfile::openTorchZip(path, io::OpenOptions{});
        for (const auto& t : checkpoint->tensors())
            (void)checkpoint->read(t.name);
    } catch (const Error&) {
        // A clean, reported failure is the expected outcome for most inputs.
    }
    return 0;
}
