#pragma once
// The uncertainty panels of the selection, one at a time (chosen in the
// properties panel): the ensemble-size curve (a metric of the model average of
// the first k members, k = 1..M, seeded order); histograms of an OOD score on
// the in- and out-of-distribution samples; histograms of the pairwise mutual
// information between members, in and out of distribution (Laurent et al. 2024).
// Drawn with VTK's 2-D charts inside the embedded view.

#include <QPointer>

#include <memory>
#include <vector>

#include <vtkNew.h>

#include "core/calibration/UncertaintyReport.h"
#include "ui/views/ViewPage.h"

class QComboBox;
class QLabel;
class QSpinBox;
class vtkChartXY;
class vtkContextActor;

namespace modescape::ui {

class CalibrationSession;
class VtkView;

class UncertaintyPage : public ViewPage {
    Q_OBJECT
  public:
    enum class Panel { EnsembleSize, OodScores, PairwiseMutualInformation };

    explicit UncertaintyPage(CalibrationSession* session, QWidget* parent = nullptr);
    ~UncertaintyPage() override;

    QWidget* propertiesWidget() override { return properties_; }
    QImage exportImage(double scale, bool transparentBackground) override;

    VtkView* view() const { return view_; }
    void setPanel(Panel panel);
    // What the chart shows now: series name -> (x, y) points. Tests read it.
    struct Series {
        std::string name;
        std::vector<double> x, y;
    };
    const std::vector<Series>& series() const { return series_; }
    QString chartTitle() const { return title_; }
    // The chart drawn, for tests that place its values on the picture.
    vtkChartXY* chart() const { return chart_.Get(); }

    // Per-sample OOD scores of the selection's model average (in, out), by OodScore.
    using OodSamples = calibration::OodSampleScores;

  Q_SIGNALS:
    void chartChanged();

  private:
    QWidget* buildProperties();
    void computeOodSamples();
    void redraw();
    void drawCurve();
    void drawHistograms(const std::vector<double>& inside, const std::vector<double>& outside,
                        const std::string& xTitle);
    void showChart(const QString& title, const std::string& xTitle, const std::string& yTitle,
                   bool bars);

    CalibrationSession* session_;
    VtkView* view_;
    vtkNew<vtkContextActor> chartActor_;
    vtkNew<vtkChartXY> chart_;
    // The main window re-parents it into the properties dock: deleted with the page.
    QPointer<QWidget> properties_;
    QComboBox* panel_ = nullptr;
    QComboBox* metric_ = nullptr;
    QComboBox* score_ = nullptr;
    QSpinBox* bins_ = nullptr;
    QLabel* note_ = nullptr;
    std::shared_ptr<const OodSamples> oodSamples_;
    std::vector<Series> series_;
    QString title_;
    int oodJob_ = 0;
    std::uint64_t oodGeneration_ = 0;
};

}  // namespace modescape::ui
