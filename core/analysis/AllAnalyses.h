#pragma once
// One accessor per analysis, each defined in its own <Name>Analysis.cpp in
// this folder; Registry.cpp lists them. Add a line here and there for a new one.

namespace modescape::analysis {

class Analysis;

const Analysis& calibrateAnalysis();
const Analysis& uncertaintyAnalysis();

}  // namespace modescape::analysis
