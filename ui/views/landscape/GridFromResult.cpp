#include "ui/views/landscape/GridFromResult.h"

namespace modescape::ui {

namespace {

// "deep-ensemble/ensemble-00.safetensors" -> "ensemble-00": full member names
// overlap each other as labels in the plane of three nearby members.
QString markerLabel(const std::string& memberName) {
    QString label = QString::fromStdString(memberName).section('/', -1);
    const int dot = label.lastIndexOf('.');
    return dot > 0 ? label.left(dot) : label;
}

}  // namespace

LandscapeGrid gridFromResult(const landscape::LandscapeResult& result) {
    LandscapeGrid grid;
    grid.xs = QVector<double>(result.xs.begin(), result.xs.end());
    if (result.settings.dimensions == 2)
        grid.ys = QVector<double>(result.ys.begin(), result.ys.end());
    grid.loss = QVector<double>(result.loss.begin(), result.loss.end());
    grid.accuracy = QVector<double>(result.accuracy.begin(), result.accuracy.end());
    for (const auto& marker : result.markers)
        grid.markers.push_back({markerLabel(marker.name), marker.x, marker.y});
    grid.title = describeSlice(result);
    return grid;
}

QString describeSlice(const landscape::LandscapeResult& result) {
    const auto& s = result.settings;
    QString directions = QString::fromLatin1(landscape::toString(s.directions));
    if (s.directions == landscape::DirectionSource::Random)
        directions += QStringLiteral(" (%1, ignore %2), seed %3")
                          .arg(landscape::toString(s.normalization), landscape::toString(s.ignore))
                          .arg(s.seed);
    QString text =
        QStringLiteral("%1 loss - %2 directions").arg(QString::fromStdString(s.split), directions);
    if (!result.centerName.empty())
        text += QStringLiteral(" - centre %1").arg(QString::fromStdString(result.centerName));
    if (result.samples > 0)
        text += QStringLiteral(" - %1 samples").arg(result.samples);
    return text;
}

}  // namespace modescape::ui
