#pragma once
// The reliability diagram (Guo et al. 2017) drawn with 2-D VTK props in a
// renderer: per bin an accuracy bar and a red bar for the gap to the bin's mean
// confidence, the diagonal, "ECE = x%"; below it the confidence histogram with
// vertical lines at the mean accuracy and the mean confidence. Everything is
// placed in normalised viewport coordinates, so the picture scales with the
// window and a test can compute where each bar must be.

#include <string>
#include <vector>

#include <vtkSmartPointer.h>

#include "core/calibration/Binning.h"

class vtkActor2D;
class vtkRenderer;
class vtkTextActor;

namespace modescape::ui {

// A rectangle in normalised viewport coordinates ((0, 0) bottom left).
struct ViewportBox {
    double left, bottom, right, top;
    double x(double u) const { return left + u * (right - left); }    // u in [0, 1]
    double y(double v) const { return bottom + v * (top - bottom); }  // v in [0, 1]
};

struct ReliabilityDiagramData {
    calibration::ReliabilityTable table;
    std::string subject;  // "Selection BMA (10 members)", a member's name, ...
    // The ECE and the bar legend in the diagram's upper left, above the
    // diagonal where the bars of confidences >= 1/2 never reach (tests hide it
    // to see what it covers).
    bool legend = true;
};

class ReliabilityDiagramScene {
  public:
    // Where the two panels sit; both map confidence 0..1 to their width.
    static constexpr ViewportBox kDiagram{0.12, 0.40, 0.95, 0.90};
    static constexpr ViewportBox kHistogram{0.12, 0.10, 0.95, 0.28};
    // Colours (RGB in [0, 1]); tests look for them.
    static constexpr double kAccuracyColour[3] = {0.21, 0.42, 0.80};
    static constexpr double kGapColour[3] = {0.90, 0.20, 0.20};
    static constexpr double kHistogramColour[3] = {0.45, 0.45, 0.50};
    static constexpr double kMeanAccuracyColour[3] = {0.10, 0.60, 0.25};
    static constexpr double kMeanConfidenceColour[3] = {0.95, 0.55, 0.05};

    explicit ReliabilityDiagramScene(vtkRenderer* renderer);
    ~ReliabilityDiagramScene();
    ReliabilityDiagramScene(const ReliabilityDiagramScene&) = delete;
    ReliabilityDiagramScene& operator=(const ReliabilityDiagramScene&) = delete;

    // Replaces what is drawn. An empty table shows the axes and a note.
    void setData(const ReliabilityDiagramData& data);
    // Text sizes are in pixels: an export at scale s multiplies them by s.
    void setFontScale(double scale);

    // "ECE = 3.21%" (or "Adaptive ECE = ..." for equal-mass bins).
    static std::string eceText(const calibration::ReliabilityTable& table);
    // The histogram's bars are scaled so the fullest bin reaches the top.
    double histogramTopFraction() const { return histogramTop_; }

  private:
    vtkTextActor* addText(const std::string& text, double x, double y, int size, int justification,
                          int verticalJustification, double orientation = 0.0);
    void addFrameAndTicks(const ViewportBox& box, bool yTicks);
    void clearDataProps();

    vtkRenderer* renderer_;
    std::vector<vtkSmartPointer<vtkActor2D>> staticProps_;  // frames, ticks, axis titles
    std::vector<vtkSmartPointer<vtkActor2D>> dataProps_;    // bars, lines, ECE, title
    std::vector<std::pair<vtkTextActor*, int>> texts_;      // every text and its base size
    double fontScale_ = 1.0;
    double histogramTop_ = 1.0;
};

}  // namespace modescape::ui
