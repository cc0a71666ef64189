#pragma once
// A figure's pixels as a TIFF file (issue 15: "3-D surfaces are PNG/TIFF at
// the asked DPI"), written with libtiff rather than Qt's TIFF image plugin:
// libtiff records the resolution exactly as asked (XResolution and
// YResolution in pixels per inch, ResolutionUnit inch; Qt's plugin rounds it
// through dots per metre to a whole number), and it is a library the build
// links (Debian's libtiff-dev, which VTK needs too), not a plugin that a
// machine may lack at run time. docs/figures.md, "Formats".

#include <QByteArray>
#include <QImage>

namespace modescape::ui {

// The image as an LZW-compressed RGB TIFF (RGBA, unassociated alpha, when
// some pixel is not opaque: a transparent figure) at `dpi` dots per inch. Throws
// modescape::Error when libtiff fails.
QByteArray encodeTiff(const QImage& image, double dpi);

}  // namespace modescape::ui
