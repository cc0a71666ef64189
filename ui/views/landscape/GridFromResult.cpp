#include "ui/views/landscape/GridFromResult.h"

#include "ui/views/landscape/FigureText.h"

namespace modescape::ui {

namespace {

// "deep-ensemble/ensemble-00.safetensors" -> "ensemble-00": full member names
// overlap each other as labels in the plane of three nearby members.
QString markerLabel(const std::string& memberName) {
    QString label = QString::fromStdString(memberName).section('/', -1);
    const int dot = label.lastIndexOf('.');
    return dot > 0 ? label.left(dot) : label;
}

// "α (PCA 1)", "β: toward swag-03": which way each axis goes, in the
// figure's words (α, β where the font has Greek).
void nameAxes(const landscape::LandscapeResult& result, LandscapeGrid& grid) {
    using landscape::DirectionSource;
    const auto& s = result.settings;
    const QString alpha = QString::fromUtf8(alphaWord()), beta = QString::fromUtf8(betaWord());
    const auto toward = [&](std::size_t k) {
        return k < s.directionMembers.size() ? markerLabel(s.directionMembers[k]) : QString();
    };
    switch (s.directions) {
        case DirectionSource::Random:
            grid.xTitle = alpha + QStringLiteral(" (random direction 1)");
            grid.yTitle = beta + QStringLiteral(" (random direction 2)");
            break;
        case DirectionSource::Pca:
            grid.xTitle = alpha + QStringLiteral(" (PCA 1)");
            grid.yTitle = beta + QStringLiteral(" (PCA 2)");
            break;
        case DirectionSource::Plane:
        case DirectionSource::Line:
            // The plane's x runs from its first member to the second, its y
            // toward the third (made orthogonal to x).
            if (!toward(1).isEmpty())
                grid.xTitle = alpha + QStringLiteral(": toward ") + toward(1);
            if (!toward(2).isEmpty())
                grid.yTitle = beta + QStringLiteral(": toward ") + toward(2);
            break;
        case DirectionSource::File:
            break;  // the file's x and y: plain α and β
        case DirectionSource::Hessian: {
            // "α (eigenvector 1, λ = 12.3)" (the title says "Hessian"): short enough for a column.
            const auto name = [&](std::size_t k) -> QString {
                if (k >= s.eigenvectors.size())
                    return QString();
                QString text = QStringLiteral(" (eigenvector %1").arg(s.eigenvectors[k]);
                if (k < result.curvature.size())
                    text +=
                        QStringLiteral(", %1 = %2")
                            .arg(QString::fromUtf8(figureFontFile().empty() ? "lambda" : "\u03bb"))
                            .arg(result.curvature[k].eigenvalue, 0, 'g', 4);
                return text + QStringLiteral(")");
            };
            grid.xTitle = alpha + name(0);
            grid.yTitle = beta + name(1);
            break;
        }
    }
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
    grid.split = QString::fromStdString(result.settings.split);
    nameAxes(result, grid);
    return grid;
}

QString describeSlice(const landscape::LandscapeResult& result) {
    using landscape::DirectionSource;
    const auto& s = result.settings;
    // Short: the axes name the directions and the markers the members.
    QString split = QString::fromStdString(s.split);
    if (!split.isEmpty())
        split[0] = split[0].toUpper();
    QString directions;
    switch (s.directions) {
        case DirectionSource::Random:
            directions = QStringLiteral("random directions, seed %1").arg(s.seed);
            break;
        case DirectionSource::Pca:
            directions = QStringLiteral("PCA directions");
            break;
        case DirectionSource::Plane:
            directions = QStringLiteral("plane through 3 members");
            break;
        case DirectionSource::Line:
            directions = QStringLiteral("line between 2 members");
            break;
        case DirectionSource::File:
            directions = QStringLiteral("directions from a file");
            break;
        case DirectionSource::Hessian:
            directions = QStringLiteral("Hessian eigenvectors");
            break;
    }
    return QStringLiteral("%1 loss, %2").arg(split, directions);
}

}  // namespace modescape::ui
