#include "ui/setbrowser/TensorDetailsPane.h"

#include <QHeaderView>
#include <QLabel>
#include <QPointer>
#include <QTableWidget>
#include <QVBoxLayout>

#include <memory>

#include "core/io/set/TensorSummary.h"
#include "ui/jobs/JobRunner.h"

namespace modescape::ui {
namespace {

enum Column { Name, Shape, DTypeColumn, Norm, NonFinite, ColumnCount };

QTableWidgetItem* item(const QString& text) {
    auto* i = new QTableWidgetItem(text);
    i->setFlags(i->flags() & ~Qt::ItemIsEditable);
    return i;
}

}  // namespace

TensorDetailsPane::TensorDetailsPane(JobRunner* runner, QWidget* parent)
    : QWidget(parent), runner_(runner) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    title_ = new QLabel(tr("Select a checkpoint to see its tensors"), this);
    title_->setObjectName("tensorDetailsTitle");
    title_->setWordWrap(true);
    table_ = new QTableWidget(0, ColumnCount, this);
    table_->setObjectName("tensorTable");
    table_->setHorizontalHeaderLabels(
        {tr("Tensor"), tr("Shape"), tr("Dtype"), tr("L2 norm"), tr("NaN/Inf")});
    table_->verticalHeader()->hide();
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    layout->addWidget(title_);
    layout->addWidget(table_);
}

void TensorDetailsPane::showMember(const io::SetMember* member) {
    ++generation_;
    if (job_)
        runner_->cancel(job_);
    job_ = 0;
    member_ = member ? QString::fromStdString(member->name) : QString();
    table_->setRowCount(0);
    if (!member) {
        title_->setText(tr("Select a checkpoint to see its tensors"));
        return;
    }
    const QString name = member_;
    title_->setText(tr("%1 — computing norms…").arg(name));

    // The job fills rows (plain strings) on the worker; the UI thread only copies them in.
    const int generation = generation_;
    auto rows = std::make_shared<QList<QStringList>>();
    // A copy: the job may outlive the set the pointer belongs to.
    const io::SetMember file = *member;
    QPointer<TensorDetailsPane> self(this);
    JobRequest request;
    request.name = tr("Tensor norms of %1").arg(name);
    request.work = [rows, file](const JobContext& context) {
        for (const io::TensorSummary& t : io::summarizeTensors(file, context))
            rows->append(QStringList{QString::fromStdString(t.info.name),
                                     QString::fromStdString(io::shapeToString(t.info.shape)),
                                     QString::fromLatin1(io::dtypeName(t.info.dtype)),
                                     QString::number(t.l2Norm, 'g', 6),
                                     QString::number(t.nonFinite)});
    };
    request.onSuccess = [self, generation, name, rows] {
        if (self)
            self->fillNorms(generation, name, *rows);
    };
    request.onFailure = [self, generation, name](const QString& message) {
        if (self && self->generation_ == generation)
            self->title_->setText(tr("%1: could not read its tensors: %2").arg(name, message));
    };
    job_ = runner_->submit(std::move(request));
}

void TensorDetailsPane::fillNorms(int generation, const QString& member,
                                  const QList<QStringList>& rows) {
    if (generation != generation_)
        return;  // a newer selection replaced this one
    job_ = 0;
    title_->setText(tr("%1 — %2 tensors").arg(member).arg(rows.size()));
    table_->setRowCount(int(rows.size()));
    for (int r = 0; r < rows.size(); ++r)
        for (int c = 0; c < ColumnCount; ++c)
            table_->setItem(r, c, item(rows[r].value(c)));
    Q_EMIT normsShown(member);
}

}  // namespace modescape::ui
