#pragma once
// Following the JSON output of a job run elsewhere (docs/mpi.md:
// `connect --matrix --out`, `calibrate --out`): the output itself once it is
// there (complete; jobs write it whole and atomically), or before that the
// part its shared run commits to the resume file beside it (".NAME.partial",
// PartialResultFile.h). Both files are only ever replaced whole, so a read
// sees one version or the next, never a mixture. A ResultFileFollower
// watches both and re-reads on every change until the output is there.

#include <QObject>
#include <QString>
#include <QStringList>

#include <any>
#include <functional>

#include <nlohmann/json.hpp>

#include "core/analysis/Analysis.h"

namespace modescape::ui {

class ResultFileFollower;

struct FollowedOutput {
    std::any result;  // empty while neither file reads
    bool complete = false;
    analysis::ParameterValues values;  // the output's provenance, when it names them
    QString status;                    // one line for the page's status
};

// The result in an output's JSON (what resultJson writes, perhaps with more).
using OutputReader = std::function<std::any(const nlohmann::json&)>;

// The files to watch for `path`: itself and its resume file.
QStringList followedFiles(const QString& path);

FollowedOutput readFollowedOutput(const analysis::Analysis& analysis, const OutputReader& read,
                                  const QString& path);

// Starts following `path`: `show` gets every new reading. The follower is a
// child of `owner` and stops once the output is complete.
ResultFileFollower* followJsonOutput(QObject* owner, const analysis::Analysis& analysis,
                                     const QString& path, OutputReader read,
                                     std::function<void(FollowedOutput&)> show);

}  // namespace modescape::ui
