#pragma once
// The loss-landscape tab: the slice as a 3-D surface, a contour map or a 1-D
// chart, with the compute settings and display settings in the properties
// dock. Compute runs on the worker and the view fills in row by row; Cancel
// keeps the computed points and Compute with the same settings resumes them.

#include <QStringList>

#include <memory>

#include "core/landscape/LandscapeResult.h"
#include "ui/views/ViewPage.h"

class QComboBox;
class QLabel;
class QPushButton;
class QStackedWidget;

namespace modescape::io {
struct CheckpointSet;
}
namespace modescape::evaluation {
class LoadedSet;
}

namespace modescape::ui {

class JobRunner;
class LandscapeLineChart;
class LandscapeSettingsForm;
class LandscapeSurfaceView;
class SurfaceStyleForm;
class VtkView;

class LandscapePage : public ViewPage {
    Q_OBJECT
  public:
    LandscapePage(JobRunner* runner, std::shared_ptr<const io::CheckpointSet> set,
                  QWidget* parent = nullptr);

    QWidget* propertiesWidget() override { return properties_; }
    QImage exportImage(double scale, bool transparentBackground) override;

    void setSelection(const QStringList& members);
    // Starts computing with the form's settings (resuming the shown result when
    // its settings are the same). Returns the job id, or 0 when the form is
    // invalid (the reason goes to the status line and the log).
    int compute();
    void cancel();
    // Shows a surface file (ours or the reference tool's HDF5).
    bool openSurfaceFile(const QString& path);
    bool saveSurfaceFile(const QString& path);

    const landscape::LandscapeResult& result() const { return result_; }
    LandscapeSurfaceView* surfaceView() const { return surface_; }
    LandscapeSurfaceView* contourView() const { return contour_; }
    LandscapeLineChart* lineChart() const { return line_; }
    LandscapeSettingsForm* settingsForm() const { return settingsForm_; }

  Q_SIGNALS:
    // The shown result changed (a row finished, a file opened, a run ended).
    void resultChanged();
    void computeFinished(bool completed);

  private:
    QWidget* buildProperties();
    void showResult(const landscape::LandscapeResult& result);
    void showCurrentMode();
    VtkView* currentVtkView() const;
    void setStatus(const QString& text);

    JobRunner* runner_;
    std::shared_ptr<const io::CheckpointSet> set_;
    // Made on the worker by the first job and only used there after.
    std::shared_ptr<std::shared_ptr<evaluation::LoadedSet>> loaded_;
    landscape::LandscapeResult result_;
    int job_ = 0;

    QStackedWidget* views_ = nullptr;
    LandscapeSurfaceView* surface_ = nullptr;
    LandscapeSurfaceView* contour_ = nullptr;
    LandscapeLineChart* line_ = nullptr;
    QWidget* properties_ = nullptr;
    QComboBox* mode_ = nullptr;
    LandscapeSettingsForm* settingsForm_ = nullptr;
    SurfaceStyleForm* styleForm_ = nullptr;
    QPushButton* computeButton_ = nullptr;
    QPushButton* cancelButton_ = nullptr;
    QLabel* status_ = nullptr;
};

}  // namespace modescape::ui
