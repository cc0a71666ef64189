#pragma once
// The connect analysis in the GUI: paths between two members charted against
// t. Each Compute adds (or replaces) the path of its kind, so linear, aligned
// and trained curves between the same A and B are compared on one chart; a
// path between other members starts a new chart.

#include <QStringList>

#include <vector>

#include "core/connectivity/PathResult.h"
#include "ui/analysis/AnalysisPage.h"
#include "ui/rendering/FigureSource.h"

class QComboBox;

namespace modescape::ui {

class PathChart;

class PathPage : public AnalysisPage, public FigureSource {
    Q_OBJECT
  public:
    PathPage(JobRunner* runner, std::shared_ptr<analysis::SetWorkspace> workspace,
             QWidget* parent = nullptr);

    QImage exportImage(double scale, bool transparentBackground) override;
    // The chart is painted: exports are vector SVG / PDF with real text.
    FigurePaint figurePaint() override;

    // One path per kind, in the order of kPathKindWords.
    const std::vector<connectivity::PathResult>& paths() const { return paths_; }
    PathChart* chart() const { return chart_; }

  protected:
    void showResult(const std::any& result, bool complete) override;

  private:
    void redraw();

    PathChart* chart_ = nullptr;
    QComboBox* split_ = nullptr;
    std::vector<connectivity::PathResult> paths_;
};

// Sets the Member parameters A and B of a page's form.
void setMemberPair(AnalysisPage& page, const QString& a, const QString& b);

}  // namespace modescape::ui
