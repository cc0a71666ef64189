#pragma once
// Internal to t-SNE's sparse gradients: the kernel sums over interaction lists
// run on eight float lanes (GCC / Clang vector extensions), built for AVX2 and
// for the baseline CPU and chosen by the loader (GCC's function multi-versioning).
// Without -ffp-contract no multiply-add is fused, so both builds give the same bits.

#include <cstring>

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define MODESCAPE_TSNE_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define MODESCAPE_TSNE_CLONES
#endif

namespace modescape::projection::lanes {

inline constexpr int kWidth = 8;
typedef float Float8 __attribute__((vector_size(32)));

// (By reference: a 32-byte vector passed by value warns of the AVX ABI.)
inline void load(Float8& v, const float* p) {
    std::memcpy(&v, p, sizeof v);
}

// Lanes added pairwise in a fixed order, in double.
inline double total(const Float8& v) {
    return ((double(v[0]) + double(v[1])) + (double(v[2]) + double(v[3]))) +
           ((double(v[4]) + double(v[5])) + (double(v[6]) + double(v[7])));
}

}  // namespace modescape::projection::lanes
