#pragma once
// The Hessian spectrum of one "hessian" result painted with QPainter inside a
// PlotFrame: with a density, log10 of the density over the eigenvalue axis
// with the top eigenvalues as vertical lines; without one, the top
// eigenvalues by rank. The same function paints the GUI's view and writes
// `hessian --figure` (PNG, SVG or PDF through FigureWriter).

#include <QRectF>
#include <QString>

#include <vector>

#include "ui/rendering/FigureWriter.h"

class QPainter;

namespace modescape::analysis {
struct HessianResult;
}

namespace modescape::ui {

struct SpectrumPicture {
    std::vector<double> grid, density;  // empty without a density
    std::vector<double> top;            // the top eigenvalues, descending
    QString title;
    QString note;  // the trace, below the title
};

SpectrumPicture spectrumPictureOf(const analysis::HessianResult& result);

// The smallest density drawn, as a fraction of the largest: the log axis
// would otherwise reach down to the Gaussians' tails at 1e-300.
inline constexpr double kDensityFloor = 1e-7;

void paintSpectrum(QPainter& painter, QRectF bounds, const SpectrumPicture& picture);

void writeSpectrumFigure(const analysis::HessianResult& result, const QString& path,
                         const ResolvedFigure& figure);

}  // namespace modescape::ui
