#include "ui/setbrowser/SetMemberModel.h"

#include <cmath>
#include <map>
#include <set>

#include "core/io/set/CheckpointSet.h"

namespace modescape::ui {
namespace {

// Columns every set has; metadata keys of these names are not repeated.
const QStringList kFixedColumns{"Member", "Group",  "Seed",      "Epoch",
                                "Method", "Format", "Size (KiB)"};

// A metadata value as a number when it reads as one, so sorting is numeric.
QVariant sortableValue(const std::string& text) {
    const QString s = QString::fromStdString(text);
    bool ok = false;
    const qlonglong integer = s.toLongLong(&ok);
    if (ok)
        return integer;
    const double real = s.toDouble(&ok);
    if (ok)
        return real;
    return s;
}

QStandardItem* cell(const QVariant& value) {
    auto* item = new QStandardItem;
    item->setData(value, Qt::DisplayRole);
    item->setEditable(false);
    return item;
}

}  // namespace

SetMemberModel::SetMemberModel(QObject* parent) : QStandardItemModel(parent) {
    setHorizontalHeaderLabels(kFixedColumns);
}

QStringList SetMemberModel::columnTitles() const {
    QStringList titles;
    for (int c = 0; c < columnCount(); ++c)
        titles << headerData(c, Qt::Horizontal).toString();
    return titles;
}

void SetMemberModel::showSet(const io::CheckpointSet& set) {
    clear();
    // Other metadata keys become extra columns, in alphabetical order.
    std::set<std::string> extraKeys;
    for (const io::SetMember& m : set.members)
        for (const auto& [key, value] : m.metadata)
            if (key != "seed" && key != "epoch" && key != "method")
                extraKeys.insert(key);
    QStringList titles = kFixedColumns;
    for (const std::string& key : extraKeys)
        titles << QString::fromStdString(key);
    setHorizontalHeaderLabels(titles);

    std::map<std::string, QStandardItem*> groupRows;
    const auto counts = set.groupCounts();
    for (const std::string& group : set.groups()) {
        auto* row = cell(QString::fromStdString(group));
        row->setToolTip(tr("%1 checkpoints").arg(counts.at(group)));
        QList<QStandardItem*> items{row, cell(QString("%1 members").arg(counts.at(group)))};
        appendRow(items);
        groupRows[group] = row;
    }
    for (const io::SetMember& m : set.members) {
        auto* name = cell(QString::fromStdString(m.name));
        name->setData(QString::fromStdString(m.name), MemberNameRole);
        name->setToolTip(QString::fromStdString(m.path));
        QList<QStandardItem*> row{name,
                                  cell(QString::fromStdString(m.group)),
                                  cell(sortableValue(m.value("seed"))),
                                  cell(sortableValue(m.value("epoch"))),
                                  cell(QString::fromStdString(m.value("method"))),
                                  cell(QString::fromStdString(m.format)),
                                  cell(std::round(double(m.fileBytes) / 102.4) / 10.0)};
        for (const std::string& key : extraKeys)
            row << cell(sortableValue(m.value(key)));
        groupRows[m.group]->appendRow(row);
    }
}

}  // namespace modescape::ui
