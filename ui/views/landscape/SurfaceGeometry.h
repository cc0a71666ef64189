#pragma once
// Turns a LandscapeGrid into VTK geometry: the slice as triangles (cells with
// an uncomputed corner are left out, so a surface fills in row by row), with
// the displayed value (loss, log10 loss, clipped) as point scalars "value".

#include <vtkSmartPointer.h>

#include "ui/views/landscape/LandscapeGrid.h"
#include "ui/views/landscape/SurfaceStyle.h"

class vtkPolyData;

namespace modescape::ui {

// Maps a loss to the value the views colour by and to a height above the plane.
class SurfaceMapping {
  public:
    SurfaceMapping(const LandscapeGrid& grid, const SurfaceStyle& style);

    bool valid() const { return valid_; }  // false until a finite point exists
    double value(double loss) const;       // log10 when logScale; clipped
    double height(double loss) const;      // 0 .. heightScale * plane extent / 2
    double heightOfValue(double value) const;
    double minValue() const { return minValue_; }
    double maxValue() const { return maxValue_; }

  private:
    bool logScale_;
    double clipAbove_;
    double minValue_ = 0.0;
    double maxValue_ = 1.0;
    double heightPerValue_ = 1.0;
    bool valid_ = false;
};

// Loss at (x, y) by bilinear interpolation of the grid; NaN outside the
// grid or where a corner is not computed yet.
double interpolatedLoss(const LandscapeGrid& grid, double x, double y);

// flat = true puts every point at height 0 (contour map).
vtkSmartPointer<vtkPolyData> buildSurfacePolyData(const LandscapeGrid& grid,
                                                  const SurfaceMapping& mapping, bool flat);

}  // namespace modescape::ui
