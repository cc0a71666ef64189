#pragma once
// Whether figures draw their titles (issue 15: "titles optional"). `modescape
// render --no-title` turns them off for the whole process; File > Export
// image's "Title" box turns them off for one export (ScopedFigureTitles). The
// painted figures' frame then gives the title's room to the plot (PlotFrame,
// the barrier heatmap), and the VTK figures (surfaces, the 3-D map) hide
// their title actor. Axis names, tick labels, legends and colour bars stay.

namespace modescape::ui {

bool figureTitlesShown();
void setFigureTitlesShown(bool shown);

// Titles shown or not while it lives; the previous choice comes back after.
class ScopedFigureTitles {
  public:
    explicit ScopedFigureTitles(bool shown) : previous_(figureTitlesShown()) {
        setFigureTitlesShown(shown);
    }
    ~ScopedFigureTitles() { setFigureTitlesShown(previous_); }
    ScopedFigureTitles(const ScopedFigureTitles&) = delete;
    ScopedFigureTitles& operator=(const ScopedFigureTitles&) = delete;

  private:
    bool previous_;
};

}  // namespace modescape::ui
