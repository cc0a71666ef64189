#include "ui/views/calibration/ReliabilityDiagramImage.h"

#include <optional>

#include "ui/rendering/FigureWriter.h"

namespace modescape::ui {
namespace {

ResolvedFigure figureOfPixels(QSize size, bool transparentBackground) {
    ResolvedFigure figure = resolveFigure(FigureSize::fromPixels(size), kReliabilityReferenceSize);
    figure.transparent = transparentBackground;
    return figure;
}

}  // namespace

QImage renderReliabilityDiagram(const ReliabilityDiagramData& data, QSize size,
                                bool transparentBackground) {
    ReliabilityDiagramScene scene;
    scene.setData(data);
    return FigureWriter(figureOfPixels(size, transparentBackground))
        .paintImage([&](QPainter& painter, const QRectF& bounds) { scene.paint(painter, bounds); });
}

ReliabilityFrames reliabilityFramesAt(const ReliabilityDiagramData& data,
                                      const ResolvedFigure& figure) {
    ReliabilityDiagramScene scene;
    scene.setData(data);
    std::optional<ReliabilityFrames> frames;
    // The figure's own painter: its font and DPI decide the layout.
    FigureWriter(figure).paintImage(
        [&](QPainter& painter, const QRectF& bounds) { frames = scene.frames(painter, bounds); });
    return *frames;
}

ReliabilityFrames reliabilityFramesAt(const ReliabilityDiagramData& data, QSize size) {
    return reliabilityFramesAt(data, figureOfPixels(size, false));
}

void writeReliabilityDiagramFigure(const ReliabilityDiagramData& data, const QString& path,
                                   const ResolvedFigure& figure) {
    ReliabilityDiagramScene scene;
    scene.setData(data);
    FigureWriter(figure).write(
        path, [&](QPainter& painter, const QRectF& bounds) { scene.paint(painter, bounds); });
}

}  // namespace modescape::ui
