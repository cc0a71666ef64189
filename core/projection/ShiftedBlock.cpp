#include "core/projection/ShiftedBlock.h"

#include "core/projection/GramKernels.h"
#include "core/projection/TensorConversion.h"

namespace modescape::projection {

void readShiftedBlock(const MemberBlockSource& source, int64_t d0, int64_t d1, ShiftedBlock& out,
                      bool keepDense) {
    const int64_t n = source.memberCount();
    const int64_t c = d1 - d0;
    out.d0 = d0;
    out.d1 = d1;
    at::Tensor block = checkedBlock(source, d0, d1).cpu();
    if (keepDense || block.scalar_type() == at::kDouble) {
        out.dense = block;
        return;
    }
    out.dense = at::Tensor();
    if (block.scalar_type() != at::kFloat && block.scalar_type() != at::kHalf)
        block = block.to(at::kFloat);  // bfloat16 and the like: rare, LibTorch converts
    if (block.stride(1) != 1)
        block = block.contiguous();
    const int64_t ld = block.stride(0);
    out.values.resize(size_t(n * c));
    out.reference.resize(size_t(c));
    if (block.scalar_type() == at::kHalf) {
        const auto* h = reinterpret_cast<const uint16_t*>(block.data_ptr<at::Half>());
        halfToFloat(h, out.reference.data(), c);
        for (int64_t i = 0; i < n; ++i) {
            float* row = out.values.data() + i * c;
            halfToFloat(h + i * ld, row, c);
            subtractRow(row, out.reference.data(), row, c);
        }
    } else {
        const float* f = block.data_ptr<float>();
        std::copy(f, f + c, out.reference.begin());
        for (int64_t i = 0; i < n; ++i)
            subtractRow(f + i * ld, out.reference.data(), out.values.data() + i * c, c);
    }
    double r2 = 0;
    for (const float v : out.reference)
        r2 += double(v) * double(v);
    out.referenceNorm2 = r2;
}

}  // namespace modescape::projection
