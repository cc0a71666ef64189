#pragma once
// One accessor per analysis, each defined in its own <Name>Analysis.cpp in
// this folder; Registry.cpp lists them. Add a line here and there for a new one.

namespace modescape::analysis {

class Analysis;

const Analysis& landscapeAnalysis();
const Analysis& projectionAnalysis();
const Analysis& mmdAnalysis();
const Analysis& symmetryAnalysis();
const Analysis& panelsAnalysis();
const Analysis& connectAnalysis();
const Analysis& barrierMatrixAnalysis();
const Analysis& curvePlaneAnalysis();
const Analysis& calibrateAnalysis();
const Analysis& uncertaintyAnalysis();
const Analysis& hessianAnalysis();
const Analysis& trajectoryAnalysis();

}  // namespace modescape::analysis
