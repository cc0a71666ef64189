#pragma once
// What a checkpoint's file name says about it when there is no manifest:
// "seed3", "epoch_40", "sample-07", "lr0.01" become seed=3, epoch=40,
// sample=7, lr=0.01; a lone number ("0042") becomes index=42.

#include <map>
#include <string>

namespace modescape::io {

// Key-values found in a file stem (the name without folder and suffix).
// Keys are lower-cased; integers lose leading zeros; the first occurrence of
// a key wins.
std::map<std::string, std::string> metadataFromFileName(const std::string& stem);

// "Natural" order: digit runs compare as numbers, so seed2 < seed10.
bool naturalLess(const std::string& a, const std::string& b);

}  // namespace modescape::io
