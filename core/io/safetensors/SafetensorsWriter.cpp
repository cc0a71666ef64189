#include "core/io/safetensors/SafetensorsWriter.h"

#include <ATen/core/Tensor.h>
#include <bit>
#include <cstdint>
#include <set>

#include <nlohmann/json.hpp>

#include "core/common/Error.h"
#include "core/io/AtomicFile.h"
#include "core/io/TorchDType.h"

namespace modescape::io {
namespace {

static_assert(std::endian::native == std::endian::little,
              "safetensors data is little-endian; big-endian hosts would need byte swapping");

void checkNames(const std::string& path,
                const std::vector<std::pair<std::string, at::Tensor>>& tensors) {
    std::set<std::string> seen;
    for (const auto& [name, tensor] : tensors) {
        if (name.empty())
            throw InvalidArgument(path + ": a tensor has an empty name");
        if (name == "__metadata__")
            throw InvalidArgument(path + ": \"__metadata__\" is reserved and cannot name a tensor");
        if (!seen.insert(name).second)
            throw InvalidArgument(path + ": the tensor name '" + name + "' appears twice");
        if (!tensor.defined())
            throw InvalidArgument(path + ": tensor '" + name + "' is undefined (holds no data)");
    }
}

DType dtypeOf(const std::string& path, const std::string& name, const at::Tensor& tensor) {
    try {
        return fromScalarType(tensor.scalar_type());
    } catch (const InvalidArgument& e) {
        throw InvalidArgument(path + ": tensor '" + name + "': " + e.what());
    }
}

std::string littleEndian64(std::uint64_t value) {
    std::string bytes(8, '\0');
    for (int i = 0; i < 8; ++i)
        bytes[i] = static_cast<char>((value >> (8 * i)) & 0xff);
    return bytes;
}

}  // namespace

void writeSafetensors(const std::string& path,
                      const std::vector<std::pair<std::string, at::Tensor>>& tensors,
                      const std::map<std::string, std::string>& metadata) {
    checkNames(path, tensors);

    // ordered_json keeps the header in the order of the data.
    nlohmann::ordered_json header = nlohmann::ordered_json::object();
    if (!metadata.empty())
        header["__metadata__"] = metadata;
    std::uint64_t offset = 0;
    for (const auto& [name, tensor] : tensors) {
        const DType dtype = dtypeOf(path, name, tensor);
        const auto bytes = static_cast<std::uint64_t>(tensor.numel()) * dtypeSize(dtype);
        header[name] = {{"dtype", dtypeName(dtype)},
                        {"shape", tensor.sizes().vec()},
                        {"data_offsets", {offset, offset + bytes}}};
        offset += bytes;
    }
    std::string text = header.dump();
    // Spaces (valid JSON whitespace) so that the data starts 8-byte aligned.
    text.append((8 - text.size() % 8) % 8, ' ');

    writeFileAtomically(path, [&](std::ostream& out) {
        out << littleEndian64(text.size()) << text;
        for (const auto& [name, tensor] : tensors) {
            // One tensor at a time in contiguous CPU memory: the peak extra
            // memory is the largest tensor, not the whole checkpoint.
            const at::Tensor cpu = tensor.detach().to(at::kCPU).contiguous();
            out.write(static_cast<const char*>(cpu.data_ptr()),
                      static_cast<std::streamsize>(cpu.nbytes()));
        }
    });
}

}  // namespace modescape::io
