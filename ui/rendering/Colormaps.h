#pragma once
// Perceptual colour maps for VTK scenes, from 17 control points each
// (sampled from matplotlib's tables), interpolated linearly in RGB.

#include <QString>
#include <QStringList>

#include <vtkSmartPointer.h>

class vtkLookupTable;

namespace modescape::ui {

enum class Colormap { Viridis, Magma, Plasma, Inferno, Cividis, Coolwarm };

QStringList colormapNames();
Colormap colormapFromName(const QString& name);  // unknown names give Viridis

// RGB in [0, 1] at position t in [0, 1] (clamped).
void colormapColor(Colormap map, double t, double rgb[3]);

// A 256-entry table over range[0]..range[1]; log scale when logScale and range[0] > 0.
vtkSmartPointer<vtkLookupTable> makeLookupTable(Colormap map, const double range[2],
                                                bool logScale = false);

}  // namespace modescape::ui
