#pragma once
// The map's settings in the properties dock: method (PCA / t-SNE / MDS), the
// symmetry switch (raw / scaling removed / scaling + permutation removed),
// space (weights / function) with its distance, 2-D or 3-D, seed, colouring.

#include <QWidget>

#include "core/symmetry/SetProjection.h"
#include "ui/views/map/MapScene.h"

class QComboBox;
class QSpinBox;

namespace modescape::ui {

class MapSettingsForm : public QWidget {
    Q_OBJECT
  public:
    explicit MapSettingsForm(QWidget* parent = nullptr);

    symmetry::SetProjectionOptions settings() const;
    MapColouring colouring() const;
    void setSymmetry(symmetry::WeightSpace space);
    void setMethod(symmetry::ProjectionMethod method);
    void setFunctionSpace(bool function);

  Q_SIGNALS:
    // What is projected changed (a new map is needed).
    void settingsChanged();
    void colouringChanged(MapColouring colouring);

  private:
    void fillDistances();
    void updateEnabled();

    QComboBox* method_;
    QComboBox* symmetry_;
    QComboBox* space_;
    QComboBox* distance_;
    QComboBox* dimensions_;
    QSpinBox* seed_;
    QComboBox* colouring_;
};

}  // namespace modescape::ui
