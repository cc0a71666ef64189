#include "core/io/torch/TorchPickleCheckpoint.h"

#include <ATen/ATen.h>

#include "core/common/Error.h"
#include "core/io/TorchDType.h"

namespace modescape::io::torchfile {

TorchPickleCheckpoint::TorchPickleCheckpoint(std::string path, std::string format,
                                             StateDictContents contents)
    : path_(std::move(path)), format_(std::move(format)), contents_(std::move(contents)) {
    for (const auto& t : contents_.tensors) {
        index_.emplace(t.name, infos_.size());
        infos_.push_back({t.name, t.ref.dtype, t.ref.size});
    }
}

at::Tensor TorchPickleCheckpoint::read(const std::string& name) const {
    auto found = index_.find(name);
    if (found == index_.end())
        throw InvalidArgument(path_ + ": no tensor named '" + name + "'");
    const NamedTensorRef* entry = &contents_.tensors[found->second];
    const pickle::TensorRef& ref = entry->ref;
    StorageBytes bytes = readStorage(ref);

    const std::size_t elementSize = dtypeSize(ref.dtype);
    const std::size_t available = bytes.size / elementSize;
    // The unpickler checked the view against the declared storage size; the
    // bytes actually stored may still be shorter in a damaged file.
    std::int64_t last = ref.storageOffset;
    bool empty = false;
    for (std::size_t d = 0; d < ref.size.size(); ++d) {
        if (ref.size[d] == 0)
            empty = true;
        else
            last += (ref.size[d] - 1) * ref.stride[d];
    }
    auto options = at::TensorOptions().dtype(toScalarType(ref.dtype));
    if (empty)
        return at::empty(ref.size, options);
    // Checked before allocating: a hostile size must not become a huge allocation.
    if (static_cast<std::uint64_t>(last) >= available)
        throw FormatError(path_, "storage '" + ref.storageKey + "' of tensor '" + name +
                                     "' holds " + std::to_string(bytes.size) +
                                     " bytes, too few for its view; "
                                     "the file is truncated or damaged");
    // Zero strides (expanded tensors) repeat elements; a hostile file could
    // repeat a few bytes into terabytes.
    const std::int64_t numel = TensorInfo{name, ref.dtype, ref.size}.numel();
    if (static_cast<std::uint64_t>(numel) / 1024 > available + 1)
        throw FormatError(path_, "tensor '" + name + "' declares " + std::to_string(numel) +
                                     " elements, implausibly many for its storage of " +
                                     std::to_string(bytes.size) + " bytes; the file is damaged");
    void* base = const_cast<std::uint8_t*>(bytes.data) + ref.storageOffset * elementSize;
    // A contiguous, aligned view of (at least half) its storage is returned
    // in place, owning the bytes (read afresh for each tensor, so no one else
    // sees a write): one copy of every member less for whole-set passes. A
    // small view of a large storage is copied, so as not to keep the rest.
    std::int64_t expected = 1;
    bool contiguous = true;
    for (std::size_t d = ref.size.size(); d-- > 0;) {
        if (ref.size[d] != 1 && ref.stride[d] != expected)
            contiguous = false;
        expected *= ref.size[d];
    }
    if (contiguous && std::uint64_t(numel) * elementSize * 2 >= bytes.size &&
        reinterpret_cast<std::uintptr_t>(base) % elementSize == 0)
        return at::from_blob(
            base, ref.size, ref.stride, [owner = bytes.owner](void*) {}, options);
    // Otherwise copy_ makes the result contiguous and independent of the bytes.
    at::Tensor view = at::from_blob(base, ref.size, ref.stride, options);
    at::Tensor out = at::empty(ref.size, options);
    out.copy_(view);
    return out;
}

}  // namespace modescape::io::torchfile
