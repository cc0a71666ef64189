#include "ui/views/landscape/SurfaceGeometry.h"

#include <vtkCellArray.h>
#include <vtkDoubleArray.h>
#include <vtkPointData.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace modescape::ui {

SurfaceMapping::SurfaceMapping(const LandscapeGrid& grid, const SurfaceStyle& style)
    : logScale_(style.logScale), clipAbove_(style.clipAbove) {
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (double loss : grid.loss) {
        if (!std::isfinite(loss))
            continue;
        double v = value(loss);
        if (!std::isfinite(v))
            continue;
        lo = std::min(lo, v);
        hi = std::max(hi, v);
    }
    valid_ = std::isfinite(lo);
    if (!valid_)
        return;
    minValue_ = lo;
    maxValue_ = hi > lo ? hi : lo + 1.0;
    // Heights span heightScale x the plane's larger side, so a surface of any
    // loss range keeps readable proportions.
    auto extent = [](const QVector<double>& c) {
        return c.size() > 1 ? c.back() - c.front() : 1.0;
    };
    double plane =
        std::max(std::abs(extent(grid.xs)), grid.ys.isEmpty() ? 0.0 : std::abs(extent(grid.ys)));
    heightPerValue_ = style.heightScale * 0.5 * plane / (maxValue_ - minValue_);
}

double SurfaceMapping::value(double loss) const {
    double v = loss;
    if (clipAbove_ > 0.0)
        v = std::min(v, clipAbove_);
    // log10 of a loss of exactly 0 would be -inf: floor it at a tiny positive loss.
    return logScale_ ? std::log10(std::max(v, 1e-12)) : v;
}

double SurfaceMapping::height(double loss) const {
    return heightOfValue(value(loss));
}

double SurfaceMapping::heightOfValue(double v) const {
    return (v - minValue_) * heightPerValue_;
}

vtkSmartPointer<vtkPolyData> buildSurfacePolyData(const LandscapeGrid& grid,
                                                  const SurfaceMapping& mapping, bool flat) {
    auto poly = vtkSmartPointer<vtkPolyData>::New();
    const int nx = grid.nx(), ny = grid.ny();
    if (grid.isOneDimensional() || nx < 2 || ny < 2 || !mapping.valid())
        return poly;
    vtkNew<vtkPoints> points;
    vtkNew<vtkDoubleArray> values;
    values->SetName("value");
    vtkNew<vtkDoubleArray> losses;
    losses->SetName("loss");
    for (int j = 0; j < ny; ++j) {
        for (int i = 0; i < nx; ++i) {
            double loss = grid.lossAt(i, j);
            bool known = std::isfinite(loss);
            double z = flat || !known ? 0.0 : mapping.height(loss);
            points->InsertNextPoint(grid.xs[i], grid.ys[j], z);
            values->InsertNextValue(known ? mapping.value(loss) : mapping.minValue());
            losses->InsertNextValue(loss);
        }
    }
    vtkNew<vtkCellArray> triangles;
    auto id = [nx](int i, int j) { return static_cast<vtkIdType>(j * nx + i); };
    for (int j = 0; j + 1 < ny; ++j) {
        for (int i = 0; i + 1 < nx; ++i) {
            if (!std::isfinite(grid.lossAt(i, j)) || !std::isfinite(grid.lossAt(i + 1, j)) ||
                !std::isfinite(grid.lossAt(i, j + 1)) || !std::isfinite(grid.lossAt(i + 1, j + 1)))
                continue;
            vtkIdType a[3] = {id(i, j), id(i + 1, j), id(i + 1, j + 1)};
            vtkIdType b[3] = {id(i, j), id(i + 1, j + 1), id(i, j + 1)};
            triangles->InsertNextCell(3, a);
            triangles->InsertNextCell(3, b);
        }
    }
    poly->SetPoints(points);
    poly->SetPolys(triangles);
    poly->GetPointData()->SetScalars(values);
    poly->GetPointData()->AddArray(losses);
    return poly;
}

double interpolatedLoss(const LandscapeGrid& g, double x, double y) {
    auto bracket = [](const QVector<double>& c, double v, int& k, double& t) {
        if (c.size() < 2 || v < c.front() || v > c.back())
            return false;
        k = std::clamp(static_cast<int>(std::upper_bound(c.begin(), c.end(), v) - c.begin()) - 1, 0,
                       static_cast<int>(c.size()) - 2);
        t = (v - c[k]) / (c[k + 1] - c[k]);
        return true;
    };
    int i = 0, j = 0;
    double tx = 0, ty = 0;
    if (!bracket(g.xs, x, i, tx) || !bracket(g.ys, y, j, ty))
        return std::nan("");
    return (1 - tx) * (1 - ty) * g.lossAt(i, j) + tx * (1 - ty) * g.lossAt(i + 1, j) +
           (1 - tx) * ty * g.lossAt(i, j + 1) + tx * ty * g.lossAt(i + 1, j + 1);
}

}  // namespace modescape::ui
