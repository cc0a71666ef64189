#include "ui/views/map/SymmetrySpecPanel.h"

#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <nlohmann/json.hpp>

#include "core/common/Error.h"
#include "core/io/AtomicFile.h"
#include "core/symmetry/SymmetrySpecJson.h"

namespace modescape::ui {

namespace {

enum Column { Name, Axis, Size, Symmetry, Role, ColumnCount };

QString symmetryText(const symmetry::SymmetryGroup& g) {
    return g.scalable ? QObject::tr("permutation + scaling") : QObject::tr("permutation");
}

// "8" or "6 x 4" (units x entries per unit along the axis).
QString sizeText(std::int64_t units, std::int64_t block) {
    return block == 1 ? QString::number(units) : QString("%1 x %2").arg(units).arg(block);
}

}  // namespace

SymmetrySpecPanel::SymmetrySpecPanel(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    tree_ = new QTreeWidget(this);
    tree_->setObjectName("symmetryGroups");
    tree_->setColumnCount(ColumnCount);
    tree_->setHeaderLabels(
        {tr("Group / layer"), tr("Axis"), tr("Size"), tr("Symmetry"), tr("Role")});
    tree_->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    tree_->setToolTip(
        tr("Each group's units are permuted together along every axis listed; "
           "out: times the unit's scale, in: divided by it, stat: permuted only"));
    layout->addWidget(tree_, 3);
    // Scrollable, never squeezed away: the notes say why units stay fixed
    // (an op the inference stops at), which a user must be able to read.
    notes_ = new QPlainTextEdit(this);
    notes_->setObjectName("symmetryNotes");
    notes_->setReadOnly(true);
    notes_->setMinimumHeight(4 * notes_->fontMetrics().lineSpacing());
    layout->addWidget(notes_, 1);
    auto* row = new QHBoxLayout;
    save_ = new QPushButton(tr("Save spec next to set..."), this);
    save_->setObjectName("saveSymmetrySpec");
    save_->setToolTip(
        tr("Writes these groups as symmetry.json in the set folder, where every "
           "later analysis of the set reads them"));
    save_->setEnabled(false);
    row->addWidget(save_);
    status_ = new QLabel(this);
    status_->setObjectName("symmetrySpecStatus");
    status_->setWordWrap(true);
    row->addWidget(status_, 1);
    layout->addLayout(row);
    connect(save_, &QPushButton::clicked, this, [this] { saveNextToSet(); });
    confirmOverwrite_ = [this](const QString& path) {
        return QMessageBox::question(this, tr("Replace the symmetry spec?"),
                                     tr("%1 exists. Replace it with the groups shown?").arg(path),
                                     QMessageBox::Yes | QMessageBox::No,
                                     QMessageBox::No) == QMessageBox::Yes;
    };
    clearSpec(tr("Compute to see the symmetry groups."));
}

void SymmetrySpecPanel::showSpec(const symmetry::SymmetrySpec& spec, const QString& setFolder) {
    spec_ = spec;
    folder_ = setFolder;
    tree_->clear();
    for (const auto& g : spec.groups) {
        auto* group = new QTreeWidgetItem(tree_);
        group->setText(Name, QString::fromStdString(g.name));
        group->setText(Size, QString::number(g.size));
        group->setText(Symmetry, symmetryText(g));
        for (const auto& a : g.axes) {
            auto* axis = new QTreeWidgetItem(group);
            axis->setText(Name, QString::fromStdString(a.tensor));
            axis->setText(Axis, QString::number(a.axis));
            axis->setText(Size, sizeText(g.size, a.block));
            axis->setText(Role, QString::fromUtf8(symmetry::axisRoleName(a.role)));
        }
    }
    QStringList lines;
    for (const auto& n : spec.notes)
        lines << QString::fromStdString("- " + n);
    notes_->setPlainText(
        lines.isEmpty()
            ? tr("%1 groups, %2 units; no notes.").arg(spec.groups.size()).arg(spec.unitCount())
            : tr("%1 groups, %2 units. Notes:\n%3")
                  .arg(spec.groups.size())
                  .arg(spec.unitCount())
                  .arg(lines.join("\n")));
    save_->setEnabled(!setFolder.isEmpty());
    status_->clear();
}

void SymmetrySpecPanel::clearSpec(const QString& message) {
    spec_.reset();
    tree_->clear();
    notes_->setPlainText(message);
    save_->setEnabled(false);
    status_->clear();
}

QString SymmetrySpecPanel::specPath() const {
    return spec_ && !folder_.isEmpty() ? QDir(folder_).filePath("symmetry.json") : QString();
}

void SymmetrySpecPanel::setConfirmOverwrite(std::function<bool(const QString&)> confirm) {
    confirmOverwrite_ = std::move(confirm);
}

SymmetrySpecPanel::SaveOutcome SymmetrySpecPanel::saveNextToSet() {
    const QString path = specPath();
    if (path.isEmpty())
        return SaveOutcome::NothingToSave;
    // Never replace a spec someone wrote without asking.
    if (QFileInfo::exists(path) && !(confirmOverwrite_ && confirmOverwrite_(path))) {
        status_->setText(tr("Not saved: %1 exists and was kept.").arg(path));
        return SaveOutcome::Declined;
    }
    try {
        const std::string text = symmetry::symmetrySpecToJson(*spec_).dump(2) + "\n";
        io::writeFileAtomically(path.toStdString(), text);
    } catch (const Error& e) {
        status_->setText(tr("Not saved: %1").arg(QString::fromStdString(e.what())));
        return SaveOutcome::Failed;
    }
    status_->setText(tr("Saved %1").arg(path));
    Q_EMIT specSaved(path);
    return SaveOutcome::Saved;
}

QString SymmetrySpecPanel::notesText() const {
    return notes_->toPlainText();
}

QString SymmetrySpecPanel::statusText() const {
    return status_->text();
}

}  // namespace modescape::ui
