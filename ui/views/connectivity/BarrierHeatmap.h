#pragma once
// The barrier heatmap on screen: a white widget painting its
// BarrierHeatmapFigure with the widget's font at the screen's DPI (the same
// paint function as File > Export and `barrier-matrix --figure`). Hovering a
// member name shows the full name (names may be shortened on the axes),
// hovering a cell its pair and barrier.

#include <QPointF>
#include <QRectF>
#include <QString>
#include <QWidget>

#include <optional>
#include <vector>

#include "ui/views/connectivity/BarrierHeatmapFigure.h"

namespace modescape::ui {

// A member name shortened for a title: names longer than `maxCharacters` keep
// their start and end around "..." ("swag-run-...-member-07"). (The heatmap's
// axes shorten names by their measured width instead.)
QString elidedMemberName(const QString& name, int maxCharacters = 22);

class BarrierHeatmap : public QWidget {
    Q_OBJECT
  public:
    explicit BarrierHeatmap(QWidget* parent = nullptr);
    QSize sizeHint() const override { return {800, 600}; }

    void setMatrix(const connectivity::BarrierMatrix& matrix);
    const BarrierHeatmapFigure& figure() const { return figure_; }

    Colormap colormap() const { return figure_.colormap(); }
    double rangeMax() const { return figure_.rangeMax(); }
    const std::vector<std::size_t>& order() const { return figure_.order(); }
    QString title() const { return figure_.title(); }
    // The layout of the last paint on screen (widget pixels), if painted yet.
    const std::optional<BarrierHeatmapLayout>& shownLayout() const { return shown_; }
    // What the tooltip says at a point of the widget (empty: none).
    QString toolTipAt(QPointF point) const;

  protected:
    void paintEvent(QPaintEvent* event) override;
    bool event(QEvent* event) override;

  private:
    BarrierHeatmapFigure figure_;
    std::optional<BarrierHeatmapLayout> shown_;
};

}  // namespace modescape::ui
