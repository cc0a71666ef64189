#include "ui/analysis/GridEditor.h"

#include <QComboBox>
#include <QGridLayout>
#include <QLabel>
#include <QSpinBox>

#include <vector>

#include "ui/analysis/RealSpinBox.h"

namespace modescape::ui {

namespace {

struct GridAxis {
    double from = -1, to = 1;
    int count = 11;
};

// "X0:X1:NX[,Y0:Y1:NY]" as numbers; false when it is not one.
bool parseGrid(const std::string& value, std::vector<GridAxis>& axes) {
    axes.clear();
    for (const QString& part : QString::fromStdString(value).split(',')) {
        const QStringList numbers = part.split(':');
        if (numbers.size() != 3)
            return false;
        bool ok0 = false, ok1 = false, ok2 = false;
        GridAxis axis{numbers[0].toDouble(&ok0), numbers[1].toDouble(&ok1), numbers[2].toInt(&ok2)};
        if (!ok0 || !ok1 || !ok2)
            return false;
        axes.push_back(axis);
    }
    return axes.size() == 1 || axes.size() == 2;
}

// The grid's parts, found by the names the form gave them.
struct GridParts {
    QComboBox* dimensions = nullptr;
    QDoubleSpinBox* from[2] = {nullptr, nullptr};
    QDoubleSpinBox* to[2] = {nullptr, nullptr};
    QSpinBox* count[2] = {nullptr, nullptr};
};

GridParts gridParts(QWidget* grid) {
    const QString base = grid->objectName();
    GridParts parts;
    parts.dimensions = grid->findChild<QComboBox*>(base + ".dimensions");
    const char* axes[2] = {"x", "y"};
    for (int a = 0; a < 2; ++a) {
        parts.from[a] = grid->findChild<QDoubleSpinBox*>(base + "." + axes[a] + "-from");
        parts.to[a] = grid->findChild<QDoubleSpinBox*>(base + "." + axes[a] + "-to");
        parts.count[a] = grid->findChild<QSpinBox*>(base + "." + axes[a] + "-count");
    }
    return parts;
}

// The y row only counts for a 2-D grid.
void showDimensions(const GridParts& parts) {
    const bool twoD = parts.dimensions->currentIndex() == 1;
    parts.from[1]->setEnabled(twoD);
    parts.to[1]->setEnabled(twoD);
    parts.count[1]->setEnabled(twoD);
}

}  // namespace

QWidget* makeGridEditor(QWidget* host, const std::function<void()>& edited) {
    auto* grid = new QWidget(host);
    auto* cells = new QGridLayout(grid);
    cells->setContentsMargins(0, 0, 0, 0);
    auto* dimensions = new QComboBox(grid);
    dimensions->setProperty("formPart", "dimensions");
    dimensions->addItems({QObject::tr("1-D (a line)"), QObject::tr("2-D (a plane)")});
    cells->addWidget(dimensions, 0, 0, 1, 4);
    const char* axes[2] = {"x", "y"};
    for (int a = 0; a < 2; ++a) {
        cells->addWidget(new QLabel(QString(axes[a]), grid), a + 1, 0);
        auto* from = new RealSpinBox(grid);
        auto* to = new RealSpinBox(grid);
        for (auto* spin : {from, to}) {
            spin->setRange(-1e6, 1e6);
            QObject::connect(spin, &QDoubleSpinBox::valueChanged, grid, edited);
        }
        from->setProperty("formPart", QString(axes[a]) + "-from");
        to->setProperty("formPart", QString(axes[a]) + "-to");
        from->setToolTip(QObject::tr("%1 from").arg(axes[a]));
        to->setToolTip(QObject::tr("%1 to").arg(axes[a]));
        auto* count = new QSpinBox(grid);
        count->setRange(1, 100000);
        count->setSuffix(QObject::tr(" points"));
        count->setProperty("formPart", QString(axes[a]) + "-count");
        QObject::connect(count, &QSpinBox::valueChanged, grid, edited);
        cells->addWidget(from, a + 1, 1);
        cells->addWidget(to, a + 1, 2);
        cells->addWidget(count, a + 1, 3);
    }
    QObject::connect(dimensions, &QComboBox::currentIndexChanged, grid, [grid, edited] {
        showDimensions(gridParts(grid));
        edited();
    });
    return grid;
}

std::string gridText(QWidget* grid) {
    const GridParts parts = gridParts(grid);
    const auto number = [](double v) { return QString::number(v, 'g', 12); };
    QString text;
    const int axes = parts.dimensions->currentIndex() == 1 ? 2 : 1;
    for (int a = 0; a < axes; ++a)
        text += QString(a ? "," : "") + number(parts.from[a]->value()) + ":" +
                number(parts.to[a]->value()) + ":" + QString::number(parts.count[a]->value());
    return text.toStdString();
}

bool showGridText(QWidget* grid, const std::string& text) {
    std::vector<GridAxis> axes;
    if (!parseGrid(text, axes))
        return false;
    const GridParts parts = gridParts(grid);
    std::vector<QSignalBlocker> blocks;
    for (QWidget* part : grid->findChildren<QWidget*>())
        blocks.emplace_back(part);
    parts.dimensions->setCurrentIndex(axes.size() == 2 ? 1 : 0);
    for (std::size_t a = 0; a < axes.size(); ++a) {
        parts.from[a]->setValue(axes[a].from);
        parts.to[a]->setValue(axes[a].to);
        parts.count[a]->setValue(axes[a].count);
    }
    showDimensions(parts);
    return true;
}

}  // namespace modescape::ui
