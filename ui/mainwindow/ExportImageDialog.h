#pragma once
// File > Export image: where (PNG, SVG, PDF or TIFF by the suffix), how large
// (a scale of the view, a size in pixels or physical units at a DPI, or a paper
// / slide preset), the text size, with or without a background and a title.

#include <QDialog>

#include "ui/rendering/FigureSize.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLineEdit;
class QSpinBox;

namespace modescape::ui {

class ExportImageDialog : public QDialog {
    Q_OBJECT
  public:
    explicit ExportImageDialog(QWidget* parent = nullptr);

    QString path() const;
    // The size asked for; `viewSize` is the view's size on screen (the scale's base).
    FigureSize figureSize(QSize viewSize) const;
    bool transparentBackground() const;
    // The "Title" box (on by default): off leaves the title out, as `render --no-title`.
    bool titleShown() const;

    // For tests: choose a preset ("paper", "paper-wide", "slides") or a custom size.
    void setPath(const QString& path);
    void choosePreset(const QString& name);
    void chooseCustomSize(double width, double height, const QString& unit, double dpi);
    void setTitleShown(bool shown);

  private:
    void updateEnabled();

    QLineEdit* path_;
    QComboBox* mode_;
    QDoubleSpinBox* scale_;
    QDoubleSpinBox* width_;
    QDoubleSpinBox* height_;
    QComboBox* unit_;
    QSpinBox* dpi_;
    QDoubleSpinBox* fontPoints_;
    QCheckBox* transparent_;
    QCheckBox* title_;
};

}  // namespace modescape::ui
