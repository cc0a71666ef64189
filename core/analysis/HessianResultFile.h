#pragma once
// The "hessian" analysis's result-cache file (docs/result-cache.md): a tensor
// result file (TensorResultFile.h) whose JSON is what `hessian --json` prints
// plus, under "exact", what it leaves out but the result holds (the
// parameter blocks, the density's quadrature runs); its tensors are the top
// eigenvectors ("eigenvector<k>", in their own dtype) and, for an exact
// trace, the Hessian's diagonal ("diagonal", float64).

#include <string>

#include "core/analysis/HessianAnalysis.h"

namespace modescape::analysis {

void writeHessianResultFile(const std::string& path, const Analysis& analysis,
                            const HessianResult& result, const nlohmann::json& printed);

// Throws FormatError naming the file when it is not a complete Hessian result.
HessianResult readHessianResultFile(const std::string& path, const Analysis& analysis);

}  // namespace modescape::analysis
