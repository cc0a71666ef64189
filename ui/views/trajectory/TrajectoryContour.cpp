#include "ui/views/trajectory/TrajectoryContour.h"

#include <QObject>
#include <QPainter>

#include <algorithm>
#include <cmath>

#include "ui/views/trajectory/TrajectoryView.h"

namespace modescape::ui {
namespace {

// As the 3-D overlay: diverging blue (early) to red (late), apart from the
// surface's sequential maps, so a path never blends into the map under it.
constexpr Colormap kEpochColours = Colormap::Coolwarm;
constexpr double kDiscPoints = 3.0;   // a member on the plane (no projection error)
constexpr double kErrorGrowth = 1.5;  // 100% off the plane: 2.5 times as wide
const QColor kScatterColour(235, 235, 235);

}  // namespace

double trajectoryDiscPoints(double projectionError) {
    return kDiscPoints * (1.0 + kErrorGrowth * std::clamp(projectionError, 0.0, 1.0));
}

ContourOverlay trajectoryContourOverlay(const trajectory::TrajectoryResult& result, int shown) {
    ContourOverlay overlay;
    const auto [lo, hi] = result.epochRange();
    const bool hasEpochs = std::any_of(result.path.begin(), result.path.end(),
                                       [](const auto& p) { return !std::isnan(p.epoch); });
    ColourBarSpec bar;
    bar.lo = lo;
    bar.hi = hi > lo ? hi : lo + 1.0;
    bar.map = kEpochColours;
    bar.name = hasEpochs ? QObject::tr("epoch") : QObject::tr("member order");
    for (const auto& group : result.groups) {
        const auto points = result.pathOf(group);
        const int count =
            shown < 0 ? int(points.size()) : std::min<int>(shown, static_cast<int>(points.size()));
        ContourPath path;
        path.name = QString::fromStdString(group);
        if (overlay.paths.isEmpty())  // the key to the discs, once
            path.name += QObject::tr(" (disc size: share off the plane)");
        path.lineWidth = 1.2;
        for (int i = 0; i < count; ++i) {
            const auto& p = points[std::size_t(i)];
            path.points << QPointF(p.alpha, p.beta);
            path.colours << colourOf(bar, p.epochOrIndex());
            path.markers << trajectoryDiscPoints(p.projectionError);
        }
        overlay.paths << path;
    }
    if (!result.scatter.empty()) {
        ContourPath scatter;
        std::vector<std::string> groups;
        for (const auto& p : result.scatter) {
            scatter.points << QPointF(p.alpha, p.beta);
            scatter.markers << kDiscPoints * 1.3;
            if (std::find(groups.begin(), groups.end(), p.group) == groups.end())
                groups.push_back(p.group);
        }
        scatter.colours = {kScatterColour};
        scatter.lineWidth = 0;
        QStringList names;
        for (const auto& g : groups)
            names << QString::fromStdString(g);
        scatter.name = QObject::tr("%1 (projected)").arg(names.join(", "));
        overlay.paths << scatter;
    }
    overlay.bar = bar;
    return overlay;
}

FigurePaint trajectoryContourPaint(const trajectory::TrajectoryResult& result) {
    return [grid = trajectoryGrid(result), overlay = trajectoryContourOverlay(result)](
               QPainter& painter, const QRectF& bounds) {
        paintContour(painter, bounds, grid, SurfaceStyle(), overlay);
    };
}

}  // namespace modescape::ui
