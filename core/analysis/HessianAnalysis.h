#pragma once
// "hessian": the curvature of the mean NLL of one member on a split (or a
// seeded subset of it): the top Hessian eigenvalues and eigenvectors
// (Lanczos), the trace (exact up to 20,000 parameters, Hutch++ above) and on
// request the eigenvalue density (stochastic Lanczos quadrature). The core
// computation is core/hessian; docs/hessian.md says what each number is.

#include <string>

#include "core/analysis/Analysis.h"
#include "core/hessian/HessianSettings.h"
#include "core/hessian/HessianSpectrum.h"

namespace modescape::analysis {

// What run() returns (in the std::any).
struct HessianResult {
    std::string member;
    std::string split;
    std::string data;  // the split's dataset spec
    hessian::HessianSpectrum spectrum;
};

const Analysis& hessianAnalysis();

// The typed core settings of complete()d values.
hessian::HessianSettings hessianSettingsFrom(const ParameterValues& values);

// The member the values name: --member, else the set's first member.
std::string hessianMember(const ParameterValues& values, const io::CheckpointSet& set);

}  // namespace modescape::analysis
