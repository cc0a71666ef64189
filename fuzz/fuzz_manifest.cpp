// libFuzzer target for the checkpoint-set manifest parser (modescape.json,
// core/io/set/SetManifest.h): any text must parse or throw modescape::Error.
// Seeds: fuzz/corpus/manifest.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/common/Error.h"
#include "core/io/set/SetManifest.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace modescape;
    try {
        const std::string text(reinterpret_cast<const char*>(data), size);
        (void)io::parseManifest(text, "/fuzz/set/modescape.json", "/fuzz/set");
    } catch (const Error&) {
        // A clean, reported failure is the expected outcome for most inputs.
    }
    return 0;
}
