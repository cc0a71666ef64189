#include "ui/views/overview/SetOverviewPage.h"

#include <QHeaderView>
#include <QLabel>
#include <QPainter>
#include <QScrollArea>
#include <QTableWidget>
#include <QVBoxLayout>

#include "core/analysis/CalibrateAnalysis.h"
#include "core/io/set/CheckpointSet.h"
#include "core/io/set/SetOverrides.h"
#include "ui/analysis/AnalysisPage.h"
#include "ui/views/overview/GroupSummary.h"

namespace modescape::ui {

namespace {

QString percent(double fraction) {
    return QString::number(100.0 * fraction, 'f', 1) + "%";
}

QString describeAccuracy(const GroupAccuracy& a) {
    if (a.members == 1)
        return percent(a.mean);
    return QObject::tr("%1 (%2 – %3)").arg(percent(a.mean), percent(a.lowest), percent(a.highest));
}

QTableWidgetItem* cell(const QString& text, Qt::Alignment alignment = Qt::AlignLeft) {
    auto* item = new QTableWidgetItem(text);
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    // As an int: the Qt::Alignment overload registers a metatype whose inline
    // code clashes with the Qt 5 that libtorch's OpenCV pulls into the process.
    item->setData(Qt::TextAlignmentRole, int(alignment | Qt::AlignVCenter));
    return item;
}

}  // namespace

SetOverviewPage::SetOverviewPage(std::shared_ptr<const io::CheckpointSet> set,
                                 AnalysisPage* calibration, QWidget* parent)
    : ViewPage(parent), set_(std::move(set)), calibration_(calibration) {
    evaluable_ = hasModelAndTestSplit(*set_);

    auto* scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto* content = new QWidget(scroll);
    auto* layout = new QVBoxLayout(content);
    layout->setContentsMargins(16, 12, 16, 12);

    const QString name = QString::fromStdString(set_->folder).section('/', -1);
    auto* title = new QLabel(content);
    title->setObjectName("overviewTitle");
    title->setTextFormat(Qt::RichText);
    title->setText(tr("<h2>%1</h2>%2 checkpoints in %3 groups, %4 parameters each")
                       .arg(name.toHtmlEscaped())
                       .arg(set_->members.size())
                       .arg(set_->groups().size())
                       .arg(set_->parametersPerMember()));
    layout->addWidget(title);

    QStringList data;
    for (const io::DatasetSpec& dataset : set_->datasets)
        data << QString::fromStdString(dataset.role + ": " + dataset.spec);
    auto* details = new QLabel(content);
    details->setObjectName("overviewDetails");
    details->setWordWrap(true);
    details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    details->setText(tr("Folder: %1\nModel: %2\nData: %3")
                         .arg(QString::fromStdString(set_->folder),
                              QString::fromStdString(io::describeModelAndSource(*set_)),
                              data.isEmpty() ? tr("none") : data.join("; ")));
    layout->addWidget(details);

    groups_ = new QTableWidget(content);
    groups_->setObjectName("overviewGroups");
    groups_->setColumnCount(4);
    groups_->setHorizontalHeaderLabels(
        {tr("Group"), tr("Members"), tr("On disk"), tr("Test accuracy")});
    groups_->verticalHeader()->hide();
    groups_->setSelectionMode(QAbstractItemView::NoSelection);
    groups_->setSizeAdjustPolicy(QAbstractScrollArea::AdjustToContents);
    groups_->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    groups_->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    layout->addWidget(groups_);
    accuracyNote_ = new QLabel(content);
    accuracyNote_->setObjectName("overviewAccuracyNote");
    accuracyNote_->setWordWrap(true);
    accuracyNote_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(accuracyNote_);

    auto* guide = new QLabel(content);
    guide->setObjectName("overviewTabs");
    guide->setWordWrap(true);
    guide->setTextFormat(Qt::RichText);
    guide->setText(tabGuide());
    layout->addWidget(guide);
    layout->addStretch(1);
    scroll->setWidget(content);
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(scroll);

    auto* properties = new QLabel(
        tr("The overview has no settings. Each tab computes in its own properties panel; "
           "View lists every tab, closed ones too."),
        this);
    properties->setWordWrap(true);
    properties->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    properties->setMargin(8);
    properties_ = properties;

    fillGroups();
    if (!evaluable_) {
        accuracyNote_->setText(
            tr("No accuracy: the set has no model or no test split. Give them in the set's "
               "modescape.json (docs/checkpoint-set.md) or on the command line (modescape gui "
               "SET --model ... --dataset test=...); the window asks for them when it opens a "
               "set that lacks them."));
    } else if (!calibration_) {
        accuracyNote_->setText(tr("The Metrics tab evaluates every member on the test split."));
    } else {
        accuracyNote_->setText(
            tr("Evaluating every member on the test split (see the Jobs panel); each group's "
               "accuracy appears here when done."));
        connect(calibration_, &AnalysisPage::resultChanged, this, &SetOverviewPage::pullAccuracy);
        connect(calibration_, &AnalysisPage::computeFinished, this, [this](bool completed) {
            if (!completed && !hasAccuracy_)
                accuracyNote_->setText(
                    tr("The members were not evaluated (see the Log and the Reliability tab)."));
        });
        pullAccuracy();
    }
}

SetOverviewPage::~SetOverviewPage() {
    if (properties_ && properties_->parent() != this)
        delete properties_.data();
}

void SetOverviewPage::fillGroups() {
    std::vector<calibration::MemberReport> rows;
    for (const auto& [name, row] : rows_)
        rows.push_back(row);
    const auto summaries = summarizeGroups(*set_, rows);
    groups_->setRowCount(int(summaries.size()));
    for (int r = 0; r < int(summaries.size()); ++r) {
        const GroupSummary& group = summaries[std::size_t(r)];
        groups_->setItem(r, GroupColumn, cell(QString::fromStdString(group.name)));
        groups_->setItem(r, MembersColumn, cell(QString::number(group.members), Qt::AlignRight));
        groups_->setItem(r, BytesColumn,
                         cell(QString::fromStdString(describeBytes(group.bytes)), Qt::AlignRight));
        const QString accuracy = group.accuracy ? describeAccuracy(*group.accuracy)
                                 : evaluable_   ? tr("…")
                                                : tr("–");
        groups_->setItem(r, AccuracyColumn, cell(accuracy, Qt::AlignRight));
    }
    groups_->resizeColumnsToContents();
    hasAccuracy_ = !rows.empty();
}

void SetOverviewPage::pullAccuracy() {
    // Complete test-split results of this set's Reliability page only.
    const auto* result = std::any_cast<analysis::CalibrateResult>(&calibration_->result());
    if (!result || !calibration_->resultComplete() || result->split != "test" ||
        result->calibrated.report.members.empty())
        return;
    for (const auto& row : result->calibrated.report.members)
        rows_[row.name] = row;
    testSamples_ = int(result->calibrated.report.members.front().metrics.samples);
    fillGroups();
    accuracyNote_->setText(
        tr("Test accuracy: the mean of the members' accuracies on the %1 test points, lowest – "
           "highest in brackets. The Metrics tab has NLL, ECE and Brier score per member and "
           "per group.")
            .arg(testSamples_));
}

QString SetOverviewPage::accuracyNote() const {
    return accuracyNote_->text();
}

QString SetOverviewPage::tabGuide() const {
    struct Tab {
        const char* title;
        const char* shows;
        bool needsPredictions;
    };
    static const Tab tabs[] = {
        {"Landscape",
         "the loss around a member along random or principal directions, or on the plane "
         "through three selected members (press Compute in the properties panel)",
         false},
        {"Map",
         "the members projected by PCA, t-SNE or MDS, in weight or function space; click "
         "points to select members",
         false},
        {"Symmetry panels",
         "weights raw beside symmetry-removed (scaling, permutation): weight-pair histograms, "
         "largest units, L2 against minimal mass, and the groups' MMD table",
         false},
        {"Connectivity",
         "the loss along a path between two selected members, the trained curve on its plane, "
         "and the barrier matrix of the selection",
         false},
        {"Reliability", "the reliability diagram of the selected members' model average", true},
        {"Metrics", "accuracy, NLL, ECE and Brier score per member and per group", true},
        {"Uncertainty",
         "the ensemble-size curve, OOD score histograms (with an OOD split) and the members' "
         "pairwise mutual information",
         true},
    };
    QString html = tr("<p><b>The tabs</b> (closed ones come back from the View menu):</p><ul>");
    for (const Tab& tab : tabs) {
        if (tab.needsPredictions && !evaluable_)
            continue;
        html += QString("<li><b>%1</b>: %2%3</li>")
                    .arg(tr(tab.title), tr(tab.shows),
                         tab.needsPredictions ? tr(" (appears once the members are evaluated)")
                                              : QString());
    }
    html += "</ul><p>" +
            tr("Select members in the set browser (left): every tab follows the selection.") +
            "</p>";
    return html;
}

QImage SetOverviewPage::exportImage(double scale, bool transparentBackground) {
    const QSize size = this->size() * scale;
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    image.fill(transparentBackground ? Qt::transparent : palette().color(QPalette::Window));
    QPainter painter(&image);
    painter.scale(scale, scale);
    render(&painter, QPoint(), QRegion(), QWidget::DrawChildren);
    return image;
}

}  // namespace modescape::ui
