#pragma once
// The properties-dock form for how a slice is drawn (colour map, log scale,
// clipping, height, iso-lines, decorations). Emits styleChanged on every
// edit; the views redraw without recomputing.

#include <QWidget>

#include "ui/views/landscape/SurfaceStyle.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QSpinBox;

namespace modescape::ui {

class SurfaceStyleForm : public QWidget {
    Q_OBJECT
  public:
    explicit SurfaceStyleForm(QWidget* parent = nullptr);
    SurfaceStyle style() const;

  Q_SIGNALS:
    void styleChanged(const modescape::ui::SurfaceStyle& style);

  private:
    QComboBox* colormap_ = nullptr;
    QCheckBox* logScale_ = nullptr;
    QDoubleSpinBox* clipAbove_ = nullptr;
    QDoubleSpinBox* heightScale_ = nullptr;
    QSpinBox* isolines_ = nullptr;
    QCheckBox* scalarBar_ = nullptr;
    QCheckBox* axes_ = nullptr;
    QCheckBox* markers_ = nullptr;
};

}  // namespace modescape::ui
