#pragma once
// The uncertainty panels of the selection, one at a time (chosen below the
// properties form): the ensemble-size curve (a metric of the model average of
// the first k members, k = 1..M, seeded order); histograms of an OOD score on
// the in- and out-of-distribution samples; histograms of the pairwise mutual
// information between members, in and out of distribution (Laurent et al. 2024).
// Axes of quantities within [0, 1] stay within it; the OOD panel says what
// its AUROC means and lists every score's AUROC.
// The numbers are the "uncertainty" analysis's (`modescape uncertainty`),
// computed on the set's workspace whenever the selection or a setting
// changes; painted with the one 2-D chart (ui/rendering/LineChart), so its
// exports are vector SVG / PDF with real text.

#include <memory>
#include <string>
#include <vector>

#include "core/calibration/UncertaintyReport.h"
#include "ui/analysis/AnalysisPage.h"
#include "ui/rendering/FigureSource.h"

class QComboBox;
class QLabel;

namespace modescape::ui {

class LineChartWidget;

class UncertaintyPage : public AnalysisPage, public FigureSource {
    Q_OBJECT
  public:
    enum class Panel { EnsembleSize, OodScores, PairwiseMutualInformation };

    // Computes at once with the form's values (every member until a selection comes).
    UncertaintyPage(JobRunner* runner, std::shared_ptr<analysis::SetWorkspace> workspace,
                    QWidget* parent = nullptr);
    ~UncertaintyPage() override;

    QImage exportImage(double scale, bool transparentBackground) override;
    FigurePaint figurePaint() override;

    void setPanel(Panel panel);
    // What the chart shows now: series name -> (x, y) points. Tests read it.
    struct Series {
        std::string name;
        std::vector<double> x, y;
    };
    const std::vector<Series>& series() const { return series_; }
    QString chartTitle() const { return title_; }
    // The chart drawn, for tests that place its values on the picture.
    LineChartWidget* chart() const { return chart_; }

    // The OOD panel's note: the shown score's metrics, what its AUROC means and
    // every score's AUROC (naming the best one).
    static QString oodNote(const calibration::UncertaintyReport& report,
                           const calibration::OodScoreReport& shown);
    static bool isUnitInterval(calibration::CurveMetric metric);

  Q_SIGNALS:
    void chartChanged();

  protected:
    void showResult(const std::any& result, bool complete) override;

  private:
    QWidget* buildDisplayProperties();
    void redraw();
    void drawCurve();
    void drawHistograms(const std::vector<double>& centres, const std::vector<double>& inside,
                        const std::vector<double>& outside, const std::string& xTitle);
    // unitInterval: a quantity within [0, 1] (accuracy, ECE, ...): its axis stays there.
    void showChart(const QString& title, const std::string& xTitle, const std::string& yTitle,
                   bool bars, bool unitInterval = false);

    LineChartWidget* chart_ = nullptr;
    QComboBox* panel_ = nullptr;
    QComboBox* metric_ = nullptr;
    QComboBox* score_ = nullptr;
    QLabel* note_ = nullptr;
    std::vector<Series> series_;
    QString title_;
};

}  // namespace modescape::ui
