// libFuzzer target: the NPY header/shape parser, and the zip reader of .npz
// files on the same bytes. Any input must parse or throw modescape::Error.
#include <cstddef>
#include <cstdint>

#include "core/common/Error.h"
#include "core/data/NpyFormat.h"
#include "core/data/ZipArchive.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace modescape::data;
    const std::span<const std::uint8_t> bytes(data, size);
    try {
        const NpyArray array = parseNpy(bytes, "fuzz");
        // The data view must cover exactly count x itemsize bytes inside the input.
        volatile std::uint8_t last = array.data.empty() ? 0 : array.data.back();
        (void)last;
    } catch (const modescape::Error&) {
    }
    try {
        const ZipArchive archive(bytes, "fuzz");
        for (const auto& entry : archive.entries()) {
            if (entry.uncompressedSize > (1u << 20))
                continue;  // keep each run small
            try {
                const Bytes npy = archive.extract(entry);
                parseNpy(npy, "fuzz");
            } catch (const modescape::Error&) {
            }
        }
    } catch (const modescape::Error&) {
    }
    return 0;
}
