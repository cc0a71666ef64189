#include "core/connectivity/PathSettings.h"

#include "core/common/Error.h"
#include "core/common/MemoryBudget.h"

namespace modescape::connectivity {

const char* pathKindName(PathKind kind) {
    return wordOf(kind, kPathKindWords);
}

PathKind parsePathKind(const std::string& word) {
    return parseWord(word, kPathKindWords, "path");
}

bool isTrained(PathKind kind) {
    return kind == PathKind::Bezier || kind == PathKind::Polychain;
}

void requirePathMemory(int points) {
    // t, train and test loss and accuracy (5 doubles), held by the result,
    // the progress copy and the caller's partial copy.
    constexpr double kBytesPerPoint = 3 * 5 * 8;
    requireMemory(kBytesPerPoint * points,
                  "a path of " + std::to_string(points) + " evaluated points");
}

void validate(const PathSettings& s) {
    if (s.bends < 2)
        throw InvalidArgument("connect: --bends must be at least 2 (the two end points; got " +
                              std::to_string(s.bends) + ")");
    if (s.points < 2)
        throw InvalidArgument("connect: --points must be at least 2 (got " +
                              std::to_string(s.points) + ")");
    requirePathMemory(s.points);
    if (s.evaluationBatchSize < 1)
        throw InvalidArgument("connect: the evaluation batch size must be at least 1");
    if (!isTrained(s.kind))
        return;
    const CurveTraining& t = s.training;
    if (t.epochs < 1)
        throw InvalidArgument("connect: --epochs must be at least 1 (got " +
                              std::to_string(t.epochs) + ")");
    if (t.batchSize < 1)
        throw InvalidArgument("connect: the training batch size must be at least 1");
    if (!(t.learningRate > 0))
        throw InvalidArgument("connect: --lr must be positive (got " +
                              std::to_string(t.learningRate) + ")");
    if (!(t.momentum >= 0 && t.momentum < 1) || !(t.weightDecay >= 0) ||
        !(t.finalRateFactor > 0 && t.finalRateFactor <= 1))
        throw InvalidArgument(
            "connect: momentum must be in [0, 1), weight decay >= 0, final rate factor in (0, 1]");
}

}  // namespace modescape::connectivity
