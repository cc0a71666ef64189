// libFuzzer target: the IDX parser (and gzip, as IDX files usually come gzipped).
// Any input must either parse or throw modescape::Error; nothing else.
#include <cstddef>
#include <cstdint>

#include "core/common/Error.h"
#include "core/data/ByteSource.h"
#include "core/data/IdxFormat.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace modescape::data;
    try {
        std::span<const std::uint8_t> bytes(data, size);
        Bytes inflated;
        if (isGzip(bytes)) {
            inflated = gunzip(bytes, "fuzz", 1 << 20);  // small cap: the fuzzer hunts bugs, not RAM
            bytes = inflated;
        }
        const IdxArray array = parseIdx(bytes, "fuzz");
        // Touch every element: reads past the data would show up under ASan.
        double sum = 0;
        for (std::int64_t i = 0; i < array.count(); ++i)
            sum += idxValue(array, i);
        (void)sum;
    } catch (const modescape::Error&) {
    }
    return 0;
}
