#pragma once
// The result-cache file (docs/result-cache.md) of an analysis whose result
// holds tensors its `--json` output leaves out (the Hessian's eigenvectors, a
// path's control points): one safetensors file, the tensors with their own
// dtypes and bytes, and under the header's metadata key "modescape-result"
// the same JSON envelope a JSON result file holds (JsonResultFile.h). The
// numbers read back bit for bit: tensors are their bytes, the JSON's doubles
// are written as the shortest text that reads back to the same double.

#include <map>
#include <string>
#include <utility>
#include <vector>

#include <ATen/Tensor.h>
#include <nlohmann/json.hpp>

namespace modescape::analysis {

class Analysis;

struct TensorResult {
    std::string path;  // for messages
    nlohmann::json result;
    std::map<std::string, at::Tensor> tensors;  // CPU, owning their memory

    // The tensor `name`. Throws FormatError naming the file when it is absent.
    const at::Tensor& tensor(const std::string& name) const;
};

// Written atomically. Throws IoError when it cannot be.
void writeTensorResultFile(const std::string& path, const Analysis& analysis,
                           const nlohmann::json& result,
                           const std::vector<std::pair<std::string, at::Tensor>>& tensors);

// Throws IoError for a file that cannot be read, FormatError naming the file
// for one that is not such a result, of another analysis or version.
TensorResult readTensorResultFile(const std::string& path, const Analysis& analysis);

}  // namespace modescape::analysis
