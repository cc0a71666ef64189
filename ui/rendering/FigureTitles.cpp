#include "ui/rendering/FigureTitles.h"

#include <atomic>

namespace modescape::ui {

namespace {
std::atomic<bool> titlesShown{true};
}  // namespace

bool figureTitlesShown() {
    return titlesShown.load();
}

void setFigureTitlesShown(bool shown) {
    titlesShown.store(shown);
}

}  // namespace modescape::ui
