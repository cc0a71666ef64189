// libFuzzer target for reading a TorchScript archive's tensors as data
// (core/io/torch/TorchScriptReader.h): the module tree in data.pkl, the class
// declarations in code/, and the storages; also the class-declaration parser
// on the raw input as code text. Any input must read or throw
// modescape::Error; nothing is ever run. Seeds: the scripted fixtures.
#include <cstddef>
#include <cstdint>
#include <string>

#include <ATen/ATen.h>

#include "core/common/Error.h"
#include "core/io/torch/TorchScriptClasses.h"
#include "core/io/torch/TorchScriptReader.h"
#include "fuzz/FuzzTempFile.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace modescape;
    try {
        const std::string code(reinterpret_cast<const char*>(data), size);
        for (const char* name : {"Conv2d", "TinyNet", "Linear"})
            (void)io::torchfile::parseScriptClass(code, name, "fuzz.py", "code/fuzz.py");
    } catch (const Error&) {
    }
    const std::string path = fuzz::writeTempFile(data, size, ".pt");
    try {
        auto checkpoint = io::torchfile::openTorchScript(path);
        for (const auto& t : checkpoint->tensors())
            (void)checkpoint->read(t.name);
    } catch (const Error&) {
        // A clean, reported failure is the expected outcome for most inputs.
    }
    return 0;
}
