#pragma once
// The properties-dock form for what a slice is computed from: centre,
// directions, grid, split, subset, seed, BatchNorm and engine. Produces a
// LandscapeSettings; the anchors of plane / line / PCA directions are the
// members selected in the set browser.

#include <QStringList>
#include <QWidget>

#include "core/landscape/LandscapeSettings.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace modescape::ui {

class LandscapeSettingsForm : public QWidget {
    Q_OBJECT
  public:
    explicit LandscapeSettingsForm(QWidget* parent = nullptr);

    // The set's members (centre choices) and dataset roles (split choices).
    void setSetContents(const QStringList& members, const QStringList& roles);
    void setSelection(const QStringList& selectedMembers);

    // Throws modescape::InvalidArgument (named setting) when the form is
    // inconsistent, e.g. a plane with a selection of 2 members.
    landscape::LandscapeSettings settings() const;

  private:
    void updateEnabledFields();
    QWidget* makeAxisRow(QDoubleSpinBox*& from, QDoubleSpinBox*& to, QSpinBox*& count);

    QStringList selection_;
    QComboBox* center_ = nullptr;
    QComboBox* directions_ = nullptr;
    QLabel* anchors_ = nullptr;
    QLineEdit* directionFile_ = nullptr;
    QComboBox* normalization_ = nullptr;
    QComboBox* ignore_ = nullptr;
    QComboBox* dimensions_ = nullptr;
    QDoubleSpinBox* xFrom_ = nullptr;
    QDoubleSpinBox* xTo_ = nullptr;
    QSpinBox* xCount_ = nullptr;
    QDoubleSpinBox* yFrom_ = nullptr;
    QDoubleSpinBox* yTo_ = nullptr;
    QSpinBox* yCount_ = nullptr;
    QComboBox* split_ = nullptr;
    QSpinBox* subset_ = nullptr;
    QSpinBox* seed_ = nullptr;
    QCheckBox* recomputeBatchNorm_ = nullptr;
    QComboBox* engine_ = nullptr;
};

}  // namespace modescape::ui
