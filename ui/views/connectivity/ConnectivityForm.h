#pragma once
// The connectivity tab's properties dock: which view and split to show, the
// two members and the kinds of path with their settings, the barrier
// matrix's settings, Cancel and a status line. Widgets have object names
// (connectA, connectEpochs, ...) for tests and scripting.

#include <QScrollArea>
#include <QStringList>

#include <string>
#include <vector>

#include "core/connectivity/BarrierMatrix.h"
#include "core/connectivity/CurvePlaneResult.h"
#include "core/connectivity/PathSettings.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QSpinBox;

namespace modescape::ui {

// What Compute runs: every ticked kind between A and B, then (when asked) the
// plane of the first trained curve.
struct PathRequest {
    std::string memberA, memberB;
    std::vector<connectivity::PathKind> kinds;
    connectivity::PathSettings settings;  // kind filled in per path
    bool plane = true;
    connectivity::CurvePlaneSettings planeSettings;
};

class ConnectivityForm : public QScrollArea {
    Q_OBJECT
  public:
    explicit ConnectivityForm(QWidget* parent = nullptr);

    void setMembers(const QStringList& members);
    // Selects A and B when both are members.
    void setPair(const QString& a, const QString& b);

    // Throws InvalidArgument saying what to change (A == B, no kind ticked).
    PathRequest pathRequest() const;
    // Over `selection` when it holds two or more members, else the whole set.
    connectivity::BarrierMatrixSettings matrixSettings(const QStringList& selection) const;

    int viewIndex() const;
    void setViewIndex(int index);
    bool showsTrainSplit() const;
    void setBusy(bool busy);  // a job runs: Compute and Matrix off, Cancel on
    void setStatus(const QString& text);

  Q_SIGNALS:
    void viewChanged(int index);
    void splitChanged();
    void computeRequested();
    void matrixRequested();
    void cancelRequested();

  private:
    QWidget* buildViewBox(QWidget* parent);
    QWidget* buildPathBox(QWidget* parent);
    QWidget* buildMatrixBox(QWidget* parent);

    QComboBox* view_ = nullptr;
    QComboBox* split_ = nullptr;
    QComboBox* memberA_ = nullptr;
    QComboBox* memberB_ = nullptr;
    std::vector<QCheckBox*> kinds_;  // in kPathKinds order
    QSpinBox* bends_ = nullptr;
    QSpinBox* epochs_ = nullptr;
    QSpinBox* points_ = nullptr;
    QCheckBox* plane_ = nullptr;
    QSpinBox* planeGrid_ = nullptr;
    QCheckBox* matrixAligned_ = nullptr;
    QDoubleSpinBox* threshold_ = nullptr;
    QPushButton* compute_ = nullptr;
    QPushButton* matrix_ = nullptr;
    QPushButton* cancel_ = nullptr;
    QLabel* status_ = nullptr;
};

}  // namespace modescape::ui
