#pragma once
// How the projection methods are written for people (titles, status lines,
// legends): one spelling everywhere, as a word table beside the CLI's words
// (kProjectionMethodWords in SetProjection.h).

#include <string>

#include "core/common/WordTable.h"
#include "core/symmetry/SetProjection.h"

namespace modescape::symmetry {

inline constexpr WordTable<ProjectionMethod, 3> kProjectionMethodDisplayNames{
    {{"PCA", ProjectionMethod::Pca},
     {"t-SNE", ProjectionMethod::Tsne},
     {"MDS", ProjectionMethod::Mds}}};

// "t-SNE" for "tsne"; a word the table lacks is returned as it is.
inline std::string projectionMethodDisplayName(const std::string& word) {
    for (const auto& entry : kProjectionMethodWords)
        if (word == entry.word)
            return wordOf(entry.value, kProjectionMethodDisplayNames);
    return word;
}

}  // namespace modescape::symmetry
