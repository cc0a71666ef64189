// Builds without cblas (no libblas-dev): the batched engine always takes the
// LibTorch path.
#include "core/landscape/FastGridForward.h"

namespace modescape::landscape {

std::shared_ptr<const FastGridForward> makeFastGridForward(
    const model::Model&, const model::ParameterSet&, const model::ParameterSet&,
    const model::ParameterSet&, const at::Tensor&, const at::Tensor&, std::int64_t) {
    return nullptr;
}

std::string fastForwardBlas() {
    return "none: built without cblas (libblas-dev), the LibTorch path is used";
}

}  // namespace modescape::landscape
