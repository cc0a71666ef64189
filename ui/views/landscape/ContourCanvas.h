#pragma once
// A contour map on screen: ContourFigure painted through the FigureWriter at
// the widget's size (96 dpi, the widget's font), so the screen shows exactly
// what File > Export writes. The landscape page, the curve plane and the
// trajectory view show their contour mode with it. A click reads out the
// nearest grid point in the corner (on screen only, never in a figure).

#include <QImage>
#include <QWidget>

#include <optional>

#include "ui/rendering/FigureWriter.h"
#include "ui/views/landscape/ContourFigure.h"
#include "ui/views/landscape/LandscapeGrid.h"
#include "ui/views/landscape/SurfaceStyle.h"

namespace modescape::ui {

class ContourCanvas : public QWidget {
    Q_OBJECT
  public:
    explicit ContourCanvas(QWidget* parent = nullptr);

    // A new grid drops the readout unless it has the same extent and title
    // (a slice filling in row by row keeps it).
    void setGrid(const LandscapeGrid& grid);
    const LandscapeGrid& grid() const { return grid_; }
    void setStyle(const SurfaceStyle& style);
    const SurfaceStyle& style() const { return style_; }
    // Paths drawn over the map (a curve, a trajectory).
    void setOverlay(const ContourOverlay& overlay);
    const ContourOverlay& overlay() const { return overlay_; }

    // Shows grid point (i, j)'s readout (what a click on it does).
    void pickGridPoint(int i, int j);
    QString readout() const;

    // The layout of what is shown (nullptr before anything is drawable).
    const ContourFigure* figure();
    // The picture on screen without the readout (device pixels).
    QImage image();
    // Paints what is shown (the FigureWriter's paint function); no readout.
    FigurePaint figurePaint() const;
    // The screen figure at `scale` times the widget's size, text and lines.
    ResolvedFigure screenFigure(double scale) const;
    // The view's picture at `scale` (a figure of screenFigure(scale)).
    QImage figureImage(double scale, bool transparentBackground) const;

    QSize sizeHint() const override { return {800, 600}; }

  Q_SIGNALS:
    void pointPicked(int i, int j, double alpha, double beta, double loss, double accuracy);

  protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;

  private:
    void render();
    void changed();

    LandscapeGrid grid_;
    SurfaceStyle style_;
    ContourOverlay overlay_;
    QImage image_;
    std::optional<ContourFigure> figure_;
    int pickedI_ = -1, pickedJ_ = -1;
};

}  // namespace modescape::ui
