#include "ui/views/map/GroupColours.h"

namespace modescape::ui {
namespace {

// Okabe and Ito's colour-blind-safe palette (Okabe & Ito 2008, "Color
// Universal Design"): blue, orange, bluish green, vermillion, reddish purple,
// sky blue, yellow, black. Yellow (faint on white) and black (the selection
// rings' colour) come last.
constexpr int kColours = 8;
constexpr unsigned char kPalette[kColours][3] = {{0, 114, 178},  {230, 159, 0},   {0, 158, 115},
                                                 {213, 94, 0},   {204, 121, 167}, {86, 180, 233},
                                                 {240, 228, 66}, {0, 0, 0}};

const unsigned char* paletteEntry(int groupIndex) {
    return kPalette[((groupIndex % kColours) + kColours) % kColours];
}

}  // namespace

void groupColour(int groupIndex, double rgb[3]) {
    const unsigned char* c = paletteEntry(groupIndex);
    for (int k = 0; k < 3; ++k)
        rgb[k] = c[k] / 255.0;
}

QColor groupQColor(int groupIndex) {
    const unsigned char* c = paletteEntry(groupIndex);
    return QColor(c[0], c[1], c[2]);
}

}  // namespace modescape::ui
