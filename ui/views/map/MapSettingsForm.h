#pragma once
// The map's display settings, below the projection's parameters in the
// properties dock: what colours the points (group, accuracy, NLL). What is
// projected is the "project" analysis's form (ui/analysis/ParameterForm.h).

#include <QWidget>

#include "ui/views/map/MapModel.h"

class QComboBox;

namespace modescape::ui {

class MapSettingsForm : public QWidget {
    Q_OBJECT
  public:
    explicit MapSettingsForm(QWidget* parent = nullptr);

    MapColouring colouring() const;

  Q_SIGNALS:
    void colouringChanged(MapColouring colouring);

  private:
    QComboBox* colouring_;
};

}  // namespace modescape::ui
