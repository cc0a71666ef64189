#include "core/landscape/LandscapeCsv.h"

#include <cmath>
#include <cstdio>

#include "core/io/AtomicFile.h"

namespace modescape::landscape {

namespace {
std::string number(double v) {
    if (std::isnan(v))
        return "nan";
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.17g", v);
    return buffer;
}
}  // namespace

std::string landscapeCsvText(const LandscapeResult& r) {
    std::string out = "x,y,loss,acc,computed\n";
    for (int iy = 0; iy < r.ny(); ++iy)
        for (int ix = 0; ix < r.nx(); ++ix)
            out += number(r.xs[ix]) + ',' + number(r.ys[iy]) + ',' + number(r.lossAt(ix, iy)) +
                   ',' + number(r.accuracyAt(ix, iy)) + ',' +
                   (r.isComputed(r.index(ix, iy)) ? '1' : '0') + '\n';
    return out;
}

void writeLandscapeCsv(const std::string& path, const LandscapeResult& result) {
    io::writeFileAtomically(path, landscapeCsvText(result));
}

}  // namespace modescape::landscape
