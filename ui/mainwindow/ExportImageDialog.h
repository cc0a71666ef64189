#pragma once
// File > Export image: where, at what scale, with or without a background.

#include <QDialog>

class QCheckBox;
class QDoubleSpinBox;
class QLineEdit;

namespace modescape::ui {

class ExportImageDialog : public QDialog {
    Q_OBJECT
  public:
    explicit ExportImageDialog(QWidget* parent = nullptr);

    QString path() const;
    double scale() const;
    bool transparentBackground() const;

  private:
    QLineEdit* path_;
    QDoubleSpinBox* scale_;
    QCheckBox* transparent_;
};

}  // namespace modescape::ui
