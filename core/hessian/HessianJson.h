#pragma once
// The numbers of a HessianSpectrum as `hessian --json` prints them
// (docs/hessian.md lists the keys). Eigenvectors are left out: they have as
// many entries as the model has parameters.

#include <nlohmann/json.hpp>

#include "core/hessian/HessianSpectrum.h"

namespace modescape::hessian {

nlohmann::json toJson(const HessianSpectrum& spectrum);

}  // namespace modescape::hessian
