#pragma once
// The map's VTK scene: one point per member of a projection (2-D, or 3-D for
// three components), coloured by group (legend) or by a metric (colour bar),
// the selected members ringed in black, a title and axis names; in 2-D a frame
// with ticks at nice values. Markers are translucent and sized to the point
// count, and the larger groups are drawn first (below), so that a small group
// is never hidden under a large one. It draws into a renderer it does not own;
// MapView adds interaction, MapImage the CLI's PNG.

#include <array>
#include <limits>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <vtkNew.h>
#include <vtkSmartPointer.h>

#include "core/symmetry/SetProjection.h"

class vtkActor;
class vtkActor2D;
class vtkPolyData;
class vtkRenderer;
class vtkScalarBarActor;
class vtkTextActor;

namespace modescape::ui {

class GroupLegend;

enum class MapColouring { Group, Accuracy, Nll };

struct MemberMetrics {
    double accuracy = std::numeric_limits<double>::quiet_NaN();
    double nll = std::numeric_limits<double>::quiet_NaN();
};
using MemberMetricsMap = std::map<std::string, MemberMetrics>;  // by member name

class MapScene {
  public:
    explicit MapScene(vtkRenderer* renderer);
    ~MapScene();
    MapScene(const MapScene&) = delete;
    MapScene& operator=(const MapScene&) = delete;

    // Shows the projection's members (clears the selection) and fits the camera.
    void setProjection(const symmetry::SetProjection& projection);
    const symmetry::SetProjection& projection() const { return projection_; }
    void setMetrics(MemberMetricsMap metrics);
    const MemberMetricsMap& metrics() const { return metrics_; }
    void setColouring(MapColouring colouring);
    MapColouring colouring() const { return colouring_; }
    // Indices into projection().members.
    void setSelected(std::vector<int> indices);
    const std::vector<int>& selected() const { return selected_; }
    void setShowLegend(bool show);
    void setShowTexts(bool show);
    // Multiplies point sizes and texts (images larger than the screen).
    void setScale(double scale);
    void resetCamera();

    int pointCount() const { return int(projection_.members.size()); }
    bool isThreeDimensional() const { return projection_.coordinates.cols() >= 3; }
    // Group names in legend order (first appearance), and a member's group index.
    const std::vector<std::string>& groups() const { return groups_; }
    int groupIndexOf(int point) const { return groupOfPoint_[std::size_t(point)]; }
    // The colour point i is drawn with (RGB in [0, 1]).
    void pointColour(int point, double rgb[3]) const;
    // Marker opacity (the alpha of every marker colour, 0..255) and side in
    // pixels at scale 1 for the current point count.
    int markerAlpha() const;
    double markerSize() const;
    // Group indices in the order they are drawn (the first is at the bottom).
    const std::vector<int>& groupDrawOrder() const { return drawOrder_; }
    // The frame's data range (2-D): x0, x1, y0, y1, and the tick values on x and y.
    const std::array<double, 4>& frameRange() const { return frame_; }
    const std::vector<double>& xTicks() const { return xTicks_; }
    const std::vector<double>& yTicks() const { return yTicks_; }
    void worldPosition(int point, double xyz[3]) const;

  private:
    void rebuildColours();
    void rebuildSelection();
    void rebuildAnnotations();
    void rebuildFrame();
    void applyPointSizes();
    double metricOf(int point) const;
    // The larger of the x and y spans of the coordinates (0 for no points).
    double dataExtent() const;
    std::string axisName(int axis) const;

    vtkRenderer* renderer_;
    symmetry::SetProjection projection_;
    MemberMetricsMap metrics_;
    MapColouring colouring_ = MapColouring::Group;
    std::vector<int> selected_;
    std::vector<std::string> groups_;
    std::vector<int> groupOfPoint_;
    std::vector<double> colours_;  // 3 per point
    std::vector<int> drawOrder_;   // group indices, bottom first
    std::array<double, 4> frame_{0, 1, 0, 1};
    std::vector<double> xTicks_, yTicks_;
    double metricRange_[2] = {0, 1};
    bool showLegend_ = true;
    bool showTexts_ = true;
    double scale_ = 1.0;

    vtkNew<vtkPolyData> points_;
    vtkNew<vtkPolyData> selection_;
    vtkNew<vtkActor> pointActor_;
    vtkNew<vtkActor> selectionActor_;
    vtkNew<vtkActor> outlineActor_;
    vtkNew<vtkActor> frameActor_;  // 2-D: the frame and its tick marks
    std::vector<vtkSmartPointer<vtkTextActor>> tickLabels_;
    std::unique_ptr<GroupLegend> legend_;
    vtkNew<vtkScalarBarActor> colourBar_;
    vtkNew<vtkTextActor> title_;
    vtkNew<vtkTextActor> xLabel_;
    vtkNew<vtkTextActor> yLabel_;
};

}  // namespace modescape::ui
