#pragma once
// The reliability diagram (Guo et al. 2017) painted with QPainter: per bin an
// accuracy bar over the bin's real [lower, upper] confidences and a red bar
// for the gap to the bin's mean confidence, the diagonal; below it the
// confidence histogram (samples per bin) with vertical lines at the
// mean accuracy and the mean confidence; the ECE heads the title. Axes,
// ticks and legends come from PlotFrame, so text is in points at the
// figure's DPI, ticks are nice values as many as the axis length holds, and
// the legends (bar colours, mean lines) sit beside the plot areas, never on
// the data. With the curves of the report, the smoothed reliability curve
// (smooth ECE, Blasiok & Nakkiran 2023) is drawn over the bars and a
// risk-coverage chart beside the diagram; with bootstrap bands, each bin's
// 95 % accuracy interval is a whisker at the bin's centre. The same paint() draws the
// Reliability tab, File > Export and `calibrate --figure` (PNG, SVG, PDF).

#include <QRectF>

#include <optional>
#include <string>
#include <utility>

#include "core/calibration/Binning.h"
#include "core/calibration/PredictionMetrics.h"
#include "ui/rendering/PlotFrame.h"

class QPainter;

namespace modescape::ui {

struct ReliabilityDiagramData {
    ReliabilityDiagramData() = default;
    ReliabilityDiagramData(calibration::ReliabilityTable table, std::string subject,
                           std::optional<calibration::CalibrationCurves> curves = std::nullopt,
                           double aurc = 0.0, double smoothEce = 0.0)
        : table(std::move(table)),
          subject(std::move(subject)),
          curves(std::move(curves)),
          aurc(aurc),
          smoothEce(smoothEce) {}

    calibration::ReliabilityTable table;
    std::string subject;  // "Selection BMA (10 members)", a member's name, ...
    // The smoothed reliability curve and the risk-coverage curve (optional).
    std::optional<calibration::CalibrationCurves> curves;
    double aurc = 0.0;       // named in the risk-coverage title
    double smoothEce = 0.0;  // named in the diagram's legend
};

// The two charts as paint() lays them out in a rectangle (tests read where a
// bar must be from them).
struct ReliabilityFrames {
    PlotFrame diagram;    // x: confidence, y: accuracy, both 0..1
    PlotFrame histogram;  // x: confidence 0..1, y: samples per bin
    // x: coverage 0..1, y: risk; right of the two, when there are curves.
    std::optional<PlotFrame> riskCoverage;
};

class ReliabilityDiagramScene {
  public:
    // Colours (RGB in [0, 1]); tests look for them.
    static constexpr double kAccuracyColour[3] = {0.21, 0.42, 0.80};
    static constexpr double kGapColour[3] = {0.90, 0.20, 0.20};
    static constexpr double kHistogramColour[3] = {0.45, 0.45, 0.50};
    static constexpr double kMeanAccuracyColour[3] = {0.10, 0.60, 0.25};
    static constexpr double kMeanConfidenceColour[3] = {0.95, 0.55, 0.05};
    static constexpr double kSmoothColour[3] = {0.55, 0.10, 0.60};
    static constexpr double kBandColour[3] = {0.05, 0.05, 0.05};
    static constexpr double kRiskColour[3] = {0.00, 0.50, 0.55};
    // The risk-coverage chart's share of the width, when there is one.
    static constexpr double kRiskCoverageShare = 0.38;
    // The diagram's share of the height; the histogram has the rest.
    static constexpr double kDiagramShare = 0.6;

    // Replaces what is drawn. An empty table shows the axes and a note.
    void setData(const ReliabilityDiagramData& data) { data_ = data; }
    const ReliabilityDiagramData& data() const { return data_; }

    // "ECE = 3.21%" (or "Adaptive ECE = ..." for equal-mass bins).
    static std::string eceText(const calibration::ReliabilityTable& table);
    // "ECE = 3.21% - subject (15 equal-width bins)".
    std::string title() const;

    // The frames for the painter's font and device in bounds; both plot
    // areas span the same columns, so confidence lines up.
    ReliabilityFrames frames(const QPainter& painter, QRectF bounds) const;
    void paint(QPainter& painter, QRectF bounds) const;

  private:
    PlotFrame diagramFrame(const QPainter& painter, QRectF bounds) const;
    PlotFrame histogramFrame(const QPainter& painter, QRectF bounds) const;
    void paintDiagram(QPainter& painter, const PlotFrame& frame) const;
    void paintHistogram(QPainter& painter, const PlotFrame& frame) const;
    PlotFrame riskCoverageFrame(const QPainter& painter, QRectF bounds) const;
    void paintRiskCoverage(QPainter& painter, const PlotFrame& frame) const;

    ReliabilityDiagramData data_;
};

}  // namespace modescape::ui
