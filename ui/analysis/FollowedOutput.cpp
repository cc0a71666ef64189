#include "ui/analysis/FollowedOutput.h"

#include <QFileInfo>
#include <QObject>
#include <QStringList>

#include <fstream>

#include "core/analysis/JsonResultFile.h"
#include "core/parallel/PartialResultFile.h"
#include "ui/analysis/ResultFileFollower.h"

namespace modescape::ui {

namespace {

nlohmann::json readJsonText(const QString& path) {
    std::ifstream in(path.toStdString(), std::ios::binary);
    return nlohmann::json::parse(in);  // throws for a file that is not (yet) JSON
}

}  // namespace

QStringList followedFiles(const QString& path) {
    return {path, QString::fromStdString(parallel::partialPathFor(path.toStdString()))};
}

FollowedOutput readFollowedOutput(const analysis::Analysis& analysis, const OutputReader& read,
                                  const QString& path) {
    FollowedOutput out;
    const QString partial = followedFiles(path)[1];
    try {
        if (QFileInfo::exists(path)) {
            const nlohmann::json j = readJsonText(path);
            out.result = read(j);
            out.complete = true;
            if (j.contains("provenance") && j["provenance"].contains("parameters"))
                out.values = j["provenance"]["parameters"];
            out.status = QObject::tr("%1 is complete.").arg(path);
        } else if (QFileInfo::exists(partial)) {
            const nlohmann::json j = analysis::readJsonResultFile(partial.toStdString(), analysis);
            out.result = read(j.at("partial"));
            out.status = QObject::tr("Following %1: a part so far.").arg(path);
        } else {
            out.status = QObject::tr("Waiting for %1 ...").arg(path);
        }
    } catch (const std::exception& e) {
        // Not this analysis's output (or not JSON): say so; the next change retries.
        out.result.reset();
        out.complete = false;
        out.status = QObject::tr("%1: %2").arg(path, QString::fromStdString(e.what()));
    }
    return out;
}

ResultFileFollower* followJsonOutput(QObject* owner, const analysis::Analysis& analysis,
                                     const QString& path, OutputReader read,
                                     std::function<void(FollowedOutput&)> show) {
    return new ResultFileFollower(
        followedFiles(path),
        [&analysis, path, read = std::move(read), show = std::move(show)] {
            FollowedOutput shown = readFollowedOutput(analysis, read, path);
            show(shown);
            return shown.complete;
        },
        owner);
}

}  // namespace modescape::ui
