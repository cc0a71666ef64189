#pragma once
// A computed slice as the landscape views draw it: plain numbers, no engine
// types, so the views render files read from disk and live results alike.

#include <QString>
#include <QVector>

#include <cmath>

namespace modescape::ui {

struct LandscapeMarker {
    QString name;
    double x = 0.0;  // alpha
    double y = 0.0;  // beta (ignored for 1-D slices)
};

struct LandscapeGrid {
    QVector<double> xs;    // alpha coordinates, nx values
    QVector<double> ys;    // beta coordinates, ny values (empty for a 1-D slice)
    QVector<double> loss;  // [ny][nx] row-major; NaN = not computed yet
    QVector<double> accuracy;
    QVector<LandscapeMarker> markers;
    QString title;   // short: "Test loss, plane through 3 members"
    QString xTitle;  // the axes: "α (PCA 1)", "β: toward swag-03"; "" = α, β
    QString yTitle;
    QString split;  // the data the loss is on: "test", "train" ("" = unknown)

    int nx() const { return static_cast<int>(xs.size()); }
    int ny() const { return ys.isEmpty() ? 1 : static_cast<int>(ys.size()); }
    bool isOneDimensional() const { return ys.isEmpty(); }
    double lossAt(int i, int j) const { return loss.value(j * nx() + i, std::nan("")); }
    double accuracyAt(int i, int j) const { return accuracy.value(j * nx() + i, std::nan("")); }
    int computedPoints() const {
        int n = 0;
        for (double v : loss)
            n += std::isfinite(v) ? 1 : 0;
        return n;
    }
};

}  // namespace modescape::ui
