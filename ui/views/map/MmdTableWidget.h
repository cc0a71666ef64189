#pragma once
// The group x group table of the maximum MMD^2 over the kernels and
// bandwidths (Laurent et al.), with the winning kernel and bandwidth in each
// cell's tooltip.

#include <QTableWidget>

#include "core/projection/Mmd.h"

namespace modescape::ui {

class MmdTableWidget : public QTableWidget {
    Q_OBJECT
  public:
    explicit MmdTableWidget(QWidget* parent = nullptr);
    void setTable(const projection::MmdTable& table, const QString& space);
    void clearTable(const QString& message);
};

}  // namespace modescape::ui
