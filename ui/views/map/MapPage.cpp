#include "ui/views/map/MapPage.h"

#include <QFileInfo>
#include <QLabel>
#include <QVBoxLayout>

#include <cmath>
#include <set>

#include "core/analysis/AllAnalyses.h"
#include "core/analysis/CalibrateAnalysis.h"
#include "core/analysis/SetWorkspace.h"
#include "core/common/Error.h"
#include "core/common/Log.h"
#include "core/symmetry/ProjectionCsv.h"
#include "core/symmetry/ProjectionMethodNames.h"
#include "ui/analysis/ParameterForm.h"
#include "ui/analysis/ResultFileFollower.h"
#include "ui/rendering/VtkView.h"
#include "ui/views/map/MapCanvas.h"
#include "ui/views/map/MapSettingsForm.h"
#include "ui/views/map/MapView.h"

namespace modescape::ui {
namespace {

// A display setting's window, {"x": [x0, x1], "y": [y0, y1]} with finite
// x0 < x1 and y0 < y1; nullopt when it is not one.
std::optional<PlotRange> mapWindowFrom(const nlohmann::json& w) {
    const auto axisRange = [&](const char* axis, double& lo, double& hi) {
        const auto it = w.find(axis);
        if (it == w.end() || !it->is_array() || it->size() != 2 || !(*it)[0].is_number() ||
            !(*it)[1].is_number())
            return false;
        lo = (*it)[0].get<double>();
        hi = (*it)[1].get<double>();
        return std::isfinite(lo) && std::isfinite(hi) && lo < hi;
    };
    PlotRange range;
    if (!w.is_object() || !axisRange("x", range.x0, range.x1) ||
        !axisRange("y", range.y0, range.y1))
        return std::nullopt;
    return range;
}

QString describe(const symmetry::SetProjection& p) {
    QString text = QObject::tr("%1 of %2 members, %3")
                       .arg(QString::fromStdString(symmetry::projectionMethodDisplayName(p.method)))
                       .arg(p.members.size())
                       .arg(QString::fromStdString(p.space));
    if (!p.explainedVarianceRatio.empty()) {
        QStringList ratios;
        for (Eigen::Index c = 0; c < p.coordinates.cols(); ++c)
            ratios << QString::number(100 * p.explainedVarianceRatio[std::size_t(c)], 'f', 1) + "%";
        text += QObject::tr("; explained variance %1").arg(ratios.join(", "));
    }
    if (p.kl >= 0)
        text += QObject::tr("; KL %1").arg(p.kl, 0, 'g', 4);
    for (const auto& note : p.notes)
        text += "\n" + QString::fromStdString(note);
    return text;
}

// Label by member name: each member's file stem ("run-0-3/version_0.safetensors"
// -> "version_0"; the folder is the group, the suffix the same for all), or
// the name without its suffix when two members share a stem.
std::map<std::string, std::string> memberNameLabels(const std::vector<io::SetMember>& members) {
    std::map<std::string, std::string> stems;
    std::set<std::string> seen;
    bool unique = true;
    for (const auto& member : members) {
        const QString name = QString::fromStdString(member.name);
        const std::string stem = QFileInfo(name).completeBaseName().toStdString();
        unique = unique && seen.insert(stem).second;
        stems[member.name] = stem;
    }
    if (unique)
        return stems;
    for (const auto& member : members) {
        const QFileInfo file(QString::fromStdString(member.name));
        stems[member.name] = (file.path() == "." ? file.completeBaseName()
                                                 : file.path() + "/" + file.completeBaseName())
                                 .toStdString();
    }
    return stems;
}

}  // namespace

MapPage::MapPage(JobRunner* runner, std::shared_ptr<analysis::SetWorkspace> workspace,
                 QWidget* parent)
    : AnalysisPage(analysis::projectionAnalysis(), runner, std::move(workspace), parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    map_ = new MapView(this);
    map_->setObjectName("mapView");
    layout->addWidget(map_);

    auto* display = new QWidget(this);
    auto* displayLayout = new QVBoxLayout(display);
    displayLayout->setContentsMargins(0, 0, 0, 0);
    display_ = new MapSettingsForm(display);
    displayLayout->addWidget(display_);
    description_ = new QLabel(display);
    description_->setObjectName("mapDescription");
    description_->setWordWrap(true);
    displayLayout->addWidget(description_);
    auto* help = new QLabel(tr("Click or drag a rectangle to select (Ctrl adds); the wheel zooms, "
                               "the middle button pans, R or a double click shows all points. "
                               "In 3-D drag rotates and Shift+drag selects. The selection is the "
                               "set browser's: landscape anchors and the calibration ensemble."),
                            display);
    help->setWordWrap(true);
    displayLayout->addWidget(help);
    addDisplayProperties(display);

    connect(map_, &MapView::selectionChanged, this, [this](const QStringList& members) {
        selection_ = members;
        Q_EMIT selectionChanged(members);
    });
    if (this->workspace()) {  // the metadata keys any member has, sorted; the hover's values
        std::set<std::string> keys;
        std::map<std::string, std::map<std::string, std::string>> metadata;
        for (const auto& member : this->workspace()->set().members) {
            for (const auto& entry : member.metadata)
                keys.insert(entry.first);
            if (!member.metadata.empty())
                metadata[member.name] = member.metadata;
        }
        QStringList offered;
        for (const std::string& key : keys)
            offered << QString::fromStdString(key);
        display_->setMetadataKeys(offered);
        map_->model().setMemberMetadata(std::move(metadata));
    }
    connect(display_, &MapSettingsForm::colouringChanged, this,
            [this](const QString& word) { applyColouring(word); });
    connect(display_, &MapSettingsForm::labelChanged, this,
            [this](const QString& word) { applyLabels(word); });
    connect(display_, &MapSettingsForm::showAllPointsClicked, this,
            [this] { map_->canvas()->resetZoom(); });
    runStatus_ = propertiesWidget()->findChild<QLabel*>(
        QString::fromStdString(analysis().info().name) + ".status");
    connect(form(), &ParameterForm::valuesChanged, this, [this] { onValuesChanged(); });
    connect(this, &AnalysisPage::resultChanged, this, [this] { keepResult(); });
}

void MapPage::keepResult() {
    if (resultComplete() && result().has_value())
        kept_[analysis::resultDefiningValues(analysis(), resultValues()).dump()] =
            std::any_cast<const symmetry::SetProjection&>(result());
}

void MapPage::onValuesChanged() {
    // Once a map is shown, a new setting (e.g. raw -> symmetry removed) shows
    // the map of the new values: the kept one at once, else a new run.
    if (showingKept_ || !hasResult() || !workspace())
        return;
    analysis::ParameterValues values;
    try {
        values = form()->values(&workspace()->set());
    } catch (const std::exception&) {
        return;  // Compute says what is wrong
    }
    const std::string key = analysis::resultDefiningValues(analysis(), values).dump();
    if (!isComputing() && key == analysis::resultDefiningValues(analysis(), resultValues()).dump())
        return;  // the map shown is this one (e.g. only the selection changed)
    const auto kept = kept_.find(key);
    if (kept == kept_.end()) {
        compute();
        return;
    }
    showingKept_ = true;  // showExternalResult writes the values into the form
    showExternalResult(kept->second, values);
    showingKept_ = false;
}

void MapPage::showResult(const std::any& result, bool complete) {
    const auto& projection = std::any_cast<const symmetry::SetProjection&>(result);
    map_->setProjection(projection);  // all points, unless the same map again
    map_->setSelection(selection_);
    if (pendingWindow_) {  // a restored session's or bookmark's zoom, kept over partial results
        map_->canvas()->setWindow(pendingWindow_);
        if (complete)
            pendingWindow_.reset();
    }
    description_->setText(describe(projection));
}

void MapPage::setSelection(const QStringList& members) {
    selection_ = members;
    map_->setSelection(members);
    AnalysisPage::setSelection(members);
}

void MapPage::setMemberMetrics(MemberMetricsMap metrics) {
    map_->setMetrics(std::move(metrics));
}

void MapPage::followCalibration(AnalysisPage* calibration) {
    if (!calibration)
        return;
    auto pull = [this, calibration] {
        const auto* result = std::any_cast<analysis::CalibrateResult>(&calibration->result());
        if (!result || !calibration->resultComplete() || result->split != "test")
            return;
        for (const auto& row : result->calibrated.report.members)
            calibrationMetrics_[row.name] = {row.metrics.accuracy, row.metrics.nll};
        setMemberMetrics(calibrationMetrics_);
    };
    connect(calibration, &AnalysisPage::resultChanged, this, pull);
    pull();
}

void MapPage::applyColouring(const QString& word) {
    if (word.startsWith(QStringLiteral("meta:"))) {
        const std::string key = word.mid(5).toStdString();
        std::map<std::string, std::string> values;
        if (workspace())
            for (const auto& member : workspace()->set().members)
                if (member.metadata.count(key))
                    values[member.name] = member.metadata.at(key);
        map_->setMetadataColouring(key, std::move(values));
        return;
    }
    map_->setColouring(word == "accuracy" ? MapColouring::Accuracy
                       : word == "nll"    ? MapColouring::Nll
                                          : MapColouring::Group);
}

void MapPage::applyLabels(const QString& word) {
    std::map<std::string, std::string> texts;
    if (workspace() && word == QStringLiteral("name")) {
        texts = memberNameLabels(workspace()->set().members);
    } else if (workspace() && word.startsWith(QStringLiteral("meta:"))) {
        const std::string key = word.mid(5).toStdString();
        for (const auto& member : workspace()->set().members)
            if (member.metadata.count(key))
                texts[member.name] = member.metadata.at(key);
    }
    map_->setLabels(std::move(texts));
}

nlohmann::json MapPage::displaySettings() const {
    nlohmann::json settings = nlohmann::json::object();
    if (const QString word = display_->labelWord(); !word.isEmpty())
        settings["label_by"] = word.toStdString();
    // A window still waiting for its result is the one to keep.
    const std::optional<PlotRange>& w = pendingWindow_ ? pendingWindow_ : map_->canvas()->window();
    if (w && !map_->model().isThreeDimensional())
        settings["window"] = {{"x", {w->x0, w->x1}}, {"y", {w->y0, w->y1}}};
    return settings;
}

void MapPage::applyDisplaySettings(const nlohmann::json& settings) {
    if (!settings.is_object())
        return;
    const auto labelBy = settings.find("label_by");
    const std::string label =
        labelBy != settings.end() && labelBy->is_string() ? labelBy->get<std::string>() : "";
    if (!display_->setLabelWord(QString::fromStdString(label == "none" ? "" : label)))
        log::warning("map: no metadata column '" + label + "' to label the points by");
    std::optional<PlotRange> window;
    if (const auto w = settings.find("window"); w != settings.end() && !w->is_null()) {
        window = mapWindowFrom(*w);
        if (!window)
            log::warning("map: the window " + w->dump() +
                         " is not {\"x\": [x0, x1], \"y\": [y0, y1]} with x0 < x1, y0 < y1");
    }
    // A result arriving next (restoring, a bookmark's computation) is shown
    // with this window; one shown now is zoomed at once.
    pendingWindow_ = window;
    if (hasResult())
        map_->canvas()->setWindow(window);
    if (hasResult() && !isComputing())
        pendingWindow_.reset();
}

std::string MapPage::colourBy() const {
    return display_->colouringWord().toStdString();
}

void MapPage::applyColourBy(const std::string& word) {
    display_->setColouringWord(QString::fromStdString(word));
}

VtkView* MapPage::cameraView() const {
    // A 2-D map has no camera: its zoom is a display setting (its "window").
    return map_->model().isThreeDimensional() ? map_->vtkView() : nullptr;
}

QImage MapPage::exportImage(double scale, bool transparentBackground) {
    return figureImage(scale, transparentBackground, 0.0);
}

QImage MapPage::figureImage(double scale, bool transparentBackground, double textPixels) {
    if (map_->model().isThreeDimensional())
        return map_->grabFigure3d(scale, transparentBackground, textPixels);
    // The screen look scaled: the view's size, text and markers times `scale`.
    ResolvedFigure figure = map_->canvas()->screenFigure(scale);
    figure.transparent = transparentBackground;
    return FigureWriter(figure).paintImage(map_->figurePaint());
}

FigurePaint MapPage::figurePaint() {
    return map_->figurePaint();
}

bool MapPage::followResultFile(const QString& path) {
    if (path.isEmpty()) {
        setStatus(tr("Name the output file to follow."));
        return false;
    }
    delete follower_.data();
    follower_ = new ResultFileFollower(
        {path}, [this, path] { return showFollowedMap(path); }, this);
    return true;
}

bool MapPage::showFollowedMap(const QString& path) {
    // The job writes the CSV whole and atomically once the map is done (its
    // journal holds Gram blocks or PCA passes, not a map): nothing to show
    // before that.
    if (!QFileInfo::exists(path)) {
        setStatus(tr("Waiting for %1 ...").arg(path));
        return false;
    }
    try {
        symmetry::SetProjection map = symmetry::readProjectionCsv(path.toStdString());
        // The CSV holds names, groups and coordinates; the rest is the
        // command's, which the dialog wrote from the form.
        const analysis::ParameterValues values = form()->rawValues();
        for (auto [field, key] :
             {std::pair{&map.method, "method"}, {&map.space, "space"}, {&map.distance, "distance"}})
            if (values.contains(key) && values[key].is_string())
                *field = values[key].get<std::string>();
        const auto members = static_cast<long long>(map.members.size());
        showExternalResult(std::move(map), values, true);
        setStatus(tr("%1 is complete (%2 members).").arg(path).arg(members));
        return true;
    } catch (const IoError& e) {
        // Not a map's CSV, or not readable: say so (the message names the
        // file); the next change retries.
        setStatus(tr("Cannot show the map: %1").arg(QString::fromStdString(e.what())));
        return false;
    } catch (const std::exception& e) {
        setStatus(tr("Cannot show the map: %1: %2").arg(path, QString::fromStdString(e.what())));
        return false;
    }
}

ResultFileFollower* MapPage::follower() const {
    return follower_;
}

QString MapPage::status() const {
    const QString run = runStatus_ ? runStatus_->text() : QString();
    return description_->text().isEmpty() ? run : run + "\n" + description_->text();
}

}  // namespace modescape::ui
