#include "ui/views/connectivity/PathPage.h"

#include <QComboBox>
#include <QFormLayout>
#include <QVBoxLayout>

#include <algorithm>

#include "core/analysis/ConnectAnalysis.h"
#include "ui/analysis/ParameterForm.h"
#include "ui/views/connectivity/PathChart.h"

namespace modescape::ui {

using connectivity::PathResult;

PathPage::PathPage(JobRunner* runner, std::shared_ptr<analysis::SetWorkspace> workspace,
                   QWidget* parent)
    : AnalysisPage(analysis::connectAnalysis(), runner, std::move(workspace), parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    chart_ = new PathChart(this);
    layout->addWidget(chart_);

    auto* display = new QWidget;
    auto* form = new QFormLayout(display);
    split_ = new QComboBox(display);
    split_->setObjectName("connectSplit");
    split_->addItems({"test", "train"});
    form->addRow(tr("Chart split"), split_);
    addDisplayProperties(display);
    connect(split_, &QComboBox::currentIndexChanged, this, [this] { redraw(); });
    redraw();
}

void PathPage::showResult(const std::any& result, bool) {
    const auto& connect = std::any_cast<const analysis::ConnectResult&>(result);
    for (const PathResult& path :
         connect.paths.empty() ? std::vector<PathResult>{connect.path} : connect.paths) {
        if (!paths_.empty() &&
            (paths_.front().memberA != path.memberA || paths_.front().memberB != path.memberB))
            paths_.clear();  // another pair: a new comparison
        std::erase_if(paths_, [&](const PathResult& p) { return p.kind == path.kind; });
        paths_.push_back(path);
    }
    std::sort(paths_.begin(), paths_.end(),
              [](const PathResult& x, const PathResult& y) { return x.kind < y.kind; });
    redraw();
}

void PathPage::redraw() {
    chart_->setPaths(paths_, split_->currentText() == "train" ? PathChart::Split::Train
                                                              : PathChart::Split::Test);
}

QImage PathPage::exportImage(double scale, bool transparentBackground) {
    return chart_->figureImage(scale, transparentBackground);
}

FigurePaint PathPage::figurePaint() {
    return chart_->figurePaint();
}

void setMemberPair(AnalysisPage& page, const QString& a, const QString& b) {
    analysis::ParameterValues values = page.form()->rawValues();
    values["a"] = a.toStdString();
    values["b"] = b.toStdString();
    page.form()->setValues(values);
}

}  // namespace modescape::ui
