#pragma once
// Data sets from NumPy files: a pair of .npy arrays or one .npz archive.

#include <span>
#include <string>

#include "core/data/Dataset.h"
#include "core/data/NpyFormat.h"

namespace modescape::data {

// A parsed NPY array as a contiguous CPU tensor of the matching dtype
// (float16 -> Half, uint8 -> Byte, bool -> Bool, ...), byte-swapped when
// big-endian and reordered when Fortran-ordered.
at::Tensor npyToTensor(const NpyArray& array);

// One .npy file as a tensor. Throws IoError / FormatError naming the file.
at::Tensor readNpyFile(const std::string& path);

// inputs x (cast to float32; a 1-D x becomes [N, 1]) and labels y (integral
// values >= 0, 1-D or [N, 1]). Throws FormatError(origin, ...) when they disagree.
Dataset datasetFromArrays(const at::Tensor& x, const at::Tensor& y, const std::string& origin);

Dataset readNpyPair(const std::string& xPath, const std::string& yPath);

// Arrays xName and yName of an .npz (stored or deflated). A missing array is a
// FormatError that lists the arrays the archive holds.
Dataset readNpz(const std::string& path, const std::string& xName = "x",
                const std::string& yName = "y");

}  // namespace modescape::data
