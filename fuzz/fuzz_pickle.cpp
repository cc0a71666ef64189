// libFuzzer target for the restricted unpickler and the state-dict search
// that runs on its output: any input must parse or throw modescape::Error,
// never crash, hang or leak. Seeds: tests/fixtures/torch/bad/*.pkl and the
// data.pkl records of the fixture zips.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/common/Error.h"
#include "core/io/pickle/PickleJson.h"
#include "core/io/pickle/Unpickler.h"
#include "core/io/torch/TorchStateDict.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace modescape;
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    const std::string path = "fuzz.pkl";
    try {
        io::pickle::UnpicklerLimits limits;
        limits.maxValues = 200'000;  // keep each run fast; the logic is the same
        io::pickle::PickleDocument doc = io::pickle::parsePickle(bytes, path, "pickle", 0, limits);
        (void)io::pickle::toJson(doc.root).dump();
        (void)io::torchfile::extractStateDict(doc.root, path, io::OpenOptions{});
    } catch (const Error&) {
        // A clean, reported failure is the expected outcome for most inputs.
    }
    return 0;
}
