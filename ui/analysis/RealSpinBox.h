#pragma once
// A double spin box that shows values as the user typed them ("0.5",
// "1e-06"), not with a fixed number of decimals.

#include <QDoubleSpinBox>

namespace modescape::ui {

class RealSpinBox : public QDoubleSpinBox {
  public:
    explicit RealSpinBox(QWidget* parent) : QDoubleSpinBox(parent) {
        setDecimals(15);  // values are rounded to this: keeps 1e-12, loses 1e-16
        setStepType(QAbstractSpinBox::AdaptiveDecimalStepType);
    }
    QString textFromValue(double value) const override { return locale().toString(value, 'g', 12); }
};

}  // namespace modescape::ui
