#include "ui/views/map/GroupColours.h"

namespace modescape::ui {
namespace {

// Blue, orange, green, red, purple, brown, pink, grey, olive, cyan: saturated
// enough to read on white, and pairwise distinct.
constexpr unsigned char kPalette[10][3] = {
    {31, 119, 180}, {255, 127, 14},  {44, 160, 44},   {214, 39, 40},  {148, 103, 189},
    {140, 86, 75},  {227, 119, 194}, {127, 127, 127}, {188, 189, 34}, {23, 190, 207}};

}  // namespace

void groupColour(int groupIndex, double rgb[3]) {
    const auto& c = kPalette[((groupIndex % 10) + 10) % 10];
    for (int k = 0; k < 3; ++k)
        rgb[k] = c[k] / 255.0;
}

QColor groupQColor(int groupIndex) {
    const auto& c = kPalette[((groupIndex % 10) + 10) % 10];
    return QColor(c[0], c[1], c[2]);
}

}  // namespace modescape::ui
