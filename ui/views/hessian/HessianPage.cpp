#include "ui/views/hessian/HessianPage.h"

#include <QHeaderView>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

#include "core/analysis/HessianAnalysis.h"
#include "ui/rendering/FigureSize.h"
#include "ui/views/hessian/SpectrumWidget.h"

namespace modescape::ui {

HessianPage::HessianPage(JobRunner* runner, std::shared_ptr<analysis::SetWorkspace> workspace,
                         QWidget* parent)
    : AnalysisPage(analysis::hessianAnalysis(), runner, std::move(workspace), parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* splitter = new QSplitter(Qt::Vertical, this);
    spectrum_ = new SpectrumWidget(splitter);
    spectrum_->setObjectName("hessianSpectrum");
    table_ = new QTableWidget(0, 6, splitter);
    table_->setObjectName("hessianMembers");
    table_->setHorizontalHeaderLabels(
        {tr("Member"), tr("Split"), tr("Samples"), tr("λmax"), tr("Trace"), tr("Trace method")});
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setSortingEnabled(true);
    layers_ = new QTableWidget(0, 5, splitter);
    layers_->setObjectName("hessianLayers");
    layers_->setHorizontalHeaderLabels({tr("Tensor"), tr("Parameters"), tr("λmax of its block"),
                                        tr("Trace of its block"), tr("± (Hutch++)")});
    layers_->horizontalHeader()->setStretchLastSection(true);
    layers_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    layers_->hide();
    splitter->addWidget(spectrum_);
    splitter->addWidget(table_);
    splitter->addWidget(layers_);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    splitter->setStretchFactor(2, 1);
    layout->addWidget(splitter);
    setStatus(tr("Choose a member and press Compute."));
}

void HessianPage::showResult(const std::any& any, bool complete) {
    const auto* result = std::any_cast<analysis::HessianResult>(&any);
    if (!result || !complete)
        return;  // one unit: nothing partial to show
    spectrum_->showPicture(spectrumPictureOf(*result));
    addTableRow(any);
    fillLayerTable(*result);
    const auto& s = result->spectrum;
    setStatus(tr("%1: λmax %2, trace %3 (%4 products)")
                  .arg(QString::fromStdString(result->member))
                  .arg(s.top.values.empty() ? 0.0 : s.top.values.front(), 0, 'g', 6)
                  .arg(s.trace.value, 0, 'g', 6)
                  .arg(s.products));
}

void HessianPage::addTableRow(const std::any& any) {
    const auto& result = std::any_cast<const analysis::HessianResult&>(any);
    const auto& s = result.spectrum;
    const QString member = QString::fromStdString(result.member);
    const QString split = QString::fromStdString(result.split);
    // One row per member and split: a newer result replaces the older one.
    table_->setSortingEnabled(false);
    int row = 0;
    for (; row < table_->rowCount(); ++row)
        if (table_->item(row, 0)->text() == member && table_->item(row, 1)->text() == split)
            break;
    if (row == table_->rowCount())
        table_->insertRow(row);
    auto number = [](double v) {
        auto* item = new QTableWidgetItem;
        item->setData(Qt::DisplayRole, v);
        return item;
    };
    table_->setItem(row, 0, new QTableWidgetItem(member));
    table_->setItem(row, 1, new QTableWidgetItem(split));
    table_->setItem(row, 2, number(double(s.samples)));
    table_->setItem(row, 3, number(s.top.values.empty() ? 0.0 : s.top.values.front()));
    table_->setItem(row, 4, number(s.trace.value));
    table_->setItem(
        row, 5, new QTableWidgetItem(QString::fromLatin1(hessian::traceMethodName(s.traceMethod))));
    table_->setSortingEnabled(true);
}

void HessianPage::fillLayerTable(const analysis::HessianResult& result) {
    const auto& layers = result.spectrum.layers;
    const bool perLayer =
        std::any_of(layers.begin(), layers.end(), [](const auto& l) { return l.steps > 0; });
    layers_->setRowCount(perLayer ? int(layers.size()) : 0);
    layers_->setVisible(perLayer);
    if (!perLayer)
        return;
    for (int row = 0; row < int(layers.size()); ++row) {
        const auto& l = layers[std::size_t(row)];
        auto number = [](double v) {
            auto* item = new QTableWidgetItem;
            if (std::isfinite(v))
                item->setData(Qt::DisplayRole, v);
            else
                item->setText(QStringLiteral("—"));
            return item;
        };
        layers_->setItem(row, 0, new QTableWidgetItem(QString::fromStdString(l.name)));
        layers_->setItem(row, 1, number(double(l.size)));
        layers_->setItem(row, 2, number(l.lambdaMax));
        layers_->setItem(row, 3, number(l.trace));
        // Blank when the block's trace is exact.
        layers_->setItem(
            row, 4, l.traceStandardError > 0 ? number(l.traceStandardError) : new QTableWidgetItem);
    }
}

QImage HessianPage::exportImage(double scale, bool transparentBackground) {
    const QSize size = (QSizeF(spectrum_->size()) * scale).toSize().expandedTo(QSize(16, 16));
    ResolvedFigure figure = resolveFigure(FigureSize::fromPixels(size), spectrum_->size());
    figure.transparent = transparentBackground;
    return FigureWriter(figure).paintImage(figurePaint());
}

FigurePaint HessianPage::figurePaint() {
    return [this](QPainter& painter, const QRectF& bounds) {
        paintSpectrum(painter, bounds, spectrum_->picture());
    };
}

}  // namespace modescape::ui
