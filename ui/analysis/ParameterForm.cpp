#include "ui/analysis/ParameterForm.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <climits>
#include <cmath>
#include <functional>

#include "core/common/Log.h"
#include "core/io/set/CheckpointSet.h"

namespace modescape::ui {

using analysis::ParameterKind;
using analysis::ParameterSpec;
using analysis::ParameterValues;
using nlohmann::json;

namespace {

// What a Members picker's item stands for (its Qt::UserRole data).
const QString kNoMembers = QStringLiteral("none");
const QString kSelectedMembers = QStringLiteral("selection");
const QString kMemberList = QStringLiteral("list");
constexpr int kListRole = Qt::UserRole + 1;  // the names of a kMemberList item

// Real values read as the user typed them ("0.5", "1e-06"), not with a fixed
// number of decimals.
class RealSpinBox : public QDoubleSpinBox {
  public:
    explicit RealSpinBox(QWidget* parent) : QDoubleSpinBox(parent) {
        setDecimals(15);  // values are rounded to this: keeps 1e-12, loses 1e-16
        setStepType(QAbstractSpinBox::AdaptiveDecimalStepType);
    }
    QString textFromValue(double value) const override { return locale().toString(value, 'g', 12); }
};

QString text(const std::string& s) {
    return QString::fromStdString(s);
}

int toInt(double v) {
    return static_cast<int>(std::clamp(v, double(INT_MIN + 1), double(INT_MAX)));
}

QStringList namesOf(const json& array) {
    QStringList names;
    if (array.is_array())
        for (const auto& name : array)
            if (name.is_string())
                names << text(name.get<std::string>());
    return names;
}

json arrayOf(const QStringList& names) {
    json array = json::array();
    for (const QString& name : names)
        array.push_back(name.toStdString());
    return array;
}

// A null default reads as its text ("automatic") and is the value "no value".
bool hasNoValueDefault(const ParameterSpec& spec) {
    return spec.defaultValue.is_null();
}

// Grid text "X0:X1:NX[,Y0:Y1:NY]" as numbers; false when it is not one.
struct GridAxis {
    double from = -1, to = 1;
    int count = 11;
};

bool parseGrid(const std::string& value, std::vector<GridAxis>& axes) {
    axes.clear();
    for (const QString& part : text(value).split(',')) {
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

QString gridNumber(double v) {
    return QString::number(v, 'g', 10);
}

using Edited = std::function<void()>;

QString labelOf(const ParameterSpec& spec) {
    return text(spec.label.empty() ? spec.name : spec.label);
}

// Choice, Role and Member combos: the no-value item (invalid data) where the
// default is null or "" means none, then the words / roles / members.
void fillCombo(const ParameterSpec& spec, QComboBox* combo, const QStringList& members,
               const QStringList& roles) {
    combo->clear();
    switch (spec.kind) {
        case ParameterKind::Choice:
            if (hasNoValueDefault(spec))
                combo->addItem(text(analysis::describeDefault(spec)));
            for (const auto& word : spec.choices)
                combo->addItem(text(word), text(word));
            return;
        case ParameterKind::Role: {
            if (hasNoValueDefault(spec))
                combo->addItem(text(analysis::describeDefault(spec)));
            // The set's roles (only those the analysis accepts); before a set
            // is known, the analysis's own list.
            QStringList offered;
            for (const QString& role : roles)
                if (spec.choices.empty() || std::find(spec.choices.begin(), spec.choices.end(),
                                                      role.toStdString()) != spec.choices.end())
                    offered << role;
            if (roles.isEmpty())
                for (const auto& word : spec.choices)
                    offered << text(word);
            for (const QString& role : offered)
                combo->addItem(role, role);
            return;
        }
        case ParameterKind::Member:
            combo->addItem(QObject::tr("(none)"));
            for (const QString& member : members)
                combo->addItem(member, member);
            return;
        case ParameterKind::Members:
            combo->addItem(QObject::tr("(none)"), kNoMembers);
            combo->addItem(QObject::tr("(the selected members)"), kSelectedMembers);
            for (const QString& member : members) {
                combo->addItem(member, kMemberList);
                combo->setItemData(combo->count() - 1, QStringList{member}, kListRole);
            }
            return;
        default:
            return;
    }
}

// The grid's parts, found by their object names under the grid's editor.
struct GridParts {
    QComboBox* dimensions = nullptr;
    QDoubleSpinBox* from[2] = {nullptr, nullptr};
    QDoubleSpinBox* to[2] = {nullptr, nullptr};
    QSpinBox* count[2] = {nullptr, nullptr};
};

GridParts gridParts(QWidget* editor) {
    const QString base = editor->objectName();
    GridParts parts;
    parts.dimensions = editor->findChild<QComboBox*>(base + ".dimensions");
    const char* axes[2] = {"x", "y"};
    for (int a = 0; a < 2; ++a) {
        parts.from[a] = editor->findChild<QDoubleSpinBox*>(base + "." + axes[a] + "-from");
        parts.to[a] = editor->findChild<QDoubleSpinBox*>(base + "." + axes[a] + "-to");
        parts.count[a] = editor->findChild<QSpinBox*>(base + "." + axes[a] + "-count");
    }
    return parts;
}

void showGridDimensions(const GridParts& parts) {
    const bool twoD = parts.dimensions->currentIndex() == 1;
    parts.from[1]->setEnabled(twoD);
    parts.to[1]->setEnabled(twoD);
    parts.count[1]->setEnabled(twoD);
}

// From / to / count per axis and a 1-D / 2-D choice. The parts' object names
// are only known once the editor is named, so they are set in nameParts().
QWidget* makeGridEditor(QWidget* host, const Edited& edited) {
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
        showGridDimensions(gridParts(grid));
        edited();
    });
    return grid;
}

// "<analysis>.<parameter>.<part>" for the parts of a row (grid spin boxes,
// Browse button, the selected members' names).
void nameParts(QWidget* field, const QString& editorName) {
    for (QWidget* part : field->findChildren<QWidget*>())
        if (const QVariant name = part->property("formPart"); name.isValid())
            part->setObjectName(editorName + "." + name.toString());
}

// The editor of one parameter and the widget that goes into the form's row
// (the editor itself, or the editor with its Browse button / selection line).
struct Editor {
    QWidget* editor;
    QWidget* field;
};

Editor makeEditor(const ParameterSpec& spec, QWidget* host, const Edited& edited) {
    switch (spec.kind) {
        case ParameterKind::Flag: {
            auto* box = new QCheckBox(labelOf(spec), host);
            QObject::connect(box, &QCheckBox::toggled, host, edited);
            return {box, box};
        }
        case ParameterKind::Integer: {
            auto* spin = new QSpinBox(host);
            int lo = spec.minimum ? toInt(std::ceil(*spec.minimum)) : INT_MIN + 1;
            const int hi = spec.maximum ? toInt(std::floor(*spec.maximum)) : INT_MAX;
            if (hasNoValueDefault(spec)) {
                lo -= 1;  // the one value below the range reads "automatic": no value
                spin->setSpecialValueText(text(analysis::describeDefault(spec)));
            }
            spin->setRange(lo, hi);
            if (!spec.unit.empty())
                spin->setSuffix(" " + text(spec.unit));
            QObject::connect(spin, &QSpinBox::valueChanged, host, edited);
            return {spin, spin};
        }
        case ParameterKind::Real: {
            auto* spin = new RealSpinBox(host);
            double lo = spec.minimum.value_or(-1e12);
            const double hi = spec.maximum.value_or(1e12);
            if (hasNoValueDefault(spec)) {
                lo -= 1;
                spin->setSpecialValueText(text(analysis::describeDefault(spec)));
            }
            spin->setRange(lo, hi);
            if (!spec.unit.empty())
                spin->setSuffix(" " + text(spec.unit));
            QObject::connect(spin, &QDoubleSpinBox::valueChanged, host, edited);
            return {spin, spin};
        }
        case ParameterKind::Choice:
        case ParameterKind::Role:
        case ParameterKind::Member: {
            auto* combo = new QComboBox(host);
            fillCombo(spec, combo, {}, {});
            QObject::connect(combo, &QComboBox::currentIndexChanged, host, edited);
            return {combo, combo};
        }
        case ParameterKind::Members: {
            auto* field = new QWidget(host);
            auto* column = new QVBoxLayout(field);
            column->setContentsMargins(0, 0, 0, 0);
            auto* combo = new QComboBox(field);
            fillCombo(spec, combo, {}, {});
            auto* names = new QLabel(field);
            names->setProperty("formPart", "selection");
            names->setWordWrap(true);
            column->addWidget(combo);
            column->addWidget(names);
            QObject::connect(combo, &QComboBox::currentIndexChanged, host, edited);
            return {combo, field};
        }
        case ParameterKind::Path: {
            auto* field = new QWidget(host);
            auto* row = new QHBoxLayout(field);
            row->setContentsMargins(0, 0, 0, 0);
            auto* edit = new QLineEdit(field);
            if (hasNoValueDefault(spec))
                edit->setPlaceholderText(text(analysis::describeDefault(spec)));
            auto* browse = new QPushButton(QObject::tr("Browse..."), field);
            browse->setProperty("formPart", "browse");
            row->addWidget(edit, 1);
            row->addWidget(browse);
            QObject::connect(edit, &QLineEdit::textChanged, host, edited);
            const QString title = labelOf(spec);
            QObject::connect(browse, &QPushButton::clicked, edit, [edit, title] {
                // Any file name, existing or new: a path may be read or written.
                const QString path =
                    QFileDialog::getSaveFileName(edit, title, edit->text(), QString(), nullptr,
                                                 QFileDialog::DontConfirmOverwrite);
                if (!path.isEmpty())
                    edit->setText(path);
            });
            return {edit, field};
        }
        case ParameterKind::Grid: {
            QWidget* grid = makeGridEditor(host, edited);
            return {grid, grid};
        }
        case ParameterKind::Text:
        case ParameterKind::Set:
            break;
    }
    auto* edit = new QLineEdit(host);
    if (hasNoValueDefault(spec))
        edit->setPlaceholderText(text(analysis::describeDefault(spec)));
    QObject::connect(edit, &QLineEdit::textChanged, host, edited);
    return {edit, edit};
}

json readValue(const ParameterSpec& spec, QWidget* editor, const QStringList& selection) {
    switch (spec.kind) {
        case ParameterKind::Flag:
            return static_cast<QCheckBox*>(editor)->isChecked();
        case ParameterKind::Integer: {
            auto* spin = static_cast<QSpinBox*>(editor);
            if (hasNoValueDefault(spec) && spin->value() == spin->minimum())
                return nullptr;
            return static_cast<std::int64_t>(spin->value());
        }
        case ParameterKind::Real: {
            auto* spin = static_cast<QDoubleSpinBox*>(editor);
            if (hasNoValueDefault(spec) && spin->value() == spin->minimum())
                return nullptr;
            return spin->value();
        }
        case ParameterKind::Choice:
        case ParameterKind::Role: {
            const QVariant word = static_cast<QComboBox*>(editor)->currentData();
            if (!word.isValid())
                return hasNoValueDefault(spec) ? json(nullptr) : json("");
            return word.toString().toStdString();
        }
        case ParameterKind::Member: {
            const QVariant name = static_cast<QComboBox*>(editor)->currentData();
            if (!name.isValid())
                return hasNoValueDefault(spec) ? json(nullptr) : json("");
            return name.toString().toStdString();
        }
        case ParameterKind::Members: {
            auto* combo = static_cast<QComboBox*>(editor);
            const QString what = combo->currentData().toString();
            if (what == kSelectedMembers)
                return arrayOf(selection);
            if (what == kMemberList)
                return arrayOf(combo->currentData(kListRole).toStringList());
            return json::array();
        }
        case ParameterKind::Grid: {
            const GridParts parts = gridParts(editor);
            QString value;
            const int axes = parts.dimensions->currentIndex() == 1 ? 2 : 1;
            for (int a = 0; a < axes; ++a)
                value += QString(a ? "," : "") + gridNumber(parts.from[a]->value()) + ":" +
                         gridNumber(parts.to[a]->value()) + ":" +
                         QString::number(parts.count[a]->value());
            return value.toStdString();
        }
        case ParameterKind::Text:
        case ParameterKind::Path:
        case ParameterKind::Set:
            break;
    }
    const QString value = static_cast<QLineEdit*>(editor)->text();
    if (value.isEmpty() && hasNoValueDefault(spec))
        return nullptr;
    return value.toStdString();
}

// The item that stands for "no value" (no data), or -1.
int noValueIndex(const QComboBox* combo) {
    for (int i = 0; i < combo->count(); ++i)
        if (!combo->itemData(i).isValid())
            return i;
    return -1;
}

// Selects the combo item whose data is `data`; adds one (text = data) when
// none has it, so a value the list lacks is shown and checked, not lost.
void selectData(QComboBox* combo, const QString& data) {
    int index = combo->findData(data);
    if (index < 0) {
        combo->addItem(data, data);
        index = combo->count() - 1;
    }
    combo->setCurrentIndex(index);
}

void selectMembers(QComboBox* combo, const QStringList& names, const QStringList& selection,
                   bool preferSelection) {
    if (names.isEmpty() && !(preferSelection && selection.isEmpty())) {
        combo->setCurrentIndex(combo->findData(kNoMembers));
        return;
    }
    if (names == selection) {
        combo->setCurrentIndex(combo->findData(kSelectedMembers));
        return;
    }
    for (int i = 0; i < combo->count(); ++i)
        if (combo->itemData(i).toString() == kMemberList &&
            combo->itemData(i, kListRole).toStringList() == names) {
            combo->setCurrentIndex(i);
            return;
        }
    combo->addItem(names.join(", "), kMemberList);
    combo->setItemData(combo->count() - 1, names, kListRole);
    combo->setCurrentIndex(combo->count() - 1);
}

void writeValue(const ParameterSpec& spec, QWidget* editor, const json& value,
                const QStringList& selection) {
    const QSignalBlocker block(editor);
    switch (spec.kind) {
        case ParameterKind::Flag:
            static_cast<QCheckBox*>(editor)->setChecked(value.is_boolean() && value.get<bool>());
            return;
        case ParameterKind::Integer: {
            auto* spin = static_cast<QSpinBox*>(editor);
            spin->setValue(value.is_number() ? toInt(value.get<double>()) : spin->minimum());
            return;
        }
        case ParameterKind::Real: {
            auto* spin = static_cast<QDoubleSpinBox*>(editor);
            spin->setValue(value.is_number() ? value.get<double>() : spin->minimum());
            return;
        }
        case ParameterKind::Choice:
        case ParameterKind::Role:
        case ParameterKind::Member: {
            auto* combo = static_cast<QComboBox*>(editor);
            std::string word = value.is_string() ? value.get<std::string>() : std::string();
            if (!spec.suffixParameter.empty())
                word = word.substr(0, word.find(':'));
            if (!word.empty())
                selectData(combo, text(word));
            else if (const int none = noValueIndex(combo); none >= 0)
                combo->setCurrentIndex(none);
            else if (spec.defaultValue.is_string() && !spec.defaultValue.get<std::string>().empty())
                selectData(combo, text(spec.defaultValue.get<std::string>()));
            else
                combo->setCurrentIndex(combo->count() ? 0 : -1);
            return;
        }
        case ParameterKind::Members:
            selectMembers(static_cast<QComboBox*>(editor), namesOf(value), selection,
                          spec.selectionDefault);
            return;
        case ParameterKind::Grid: {
            std::vector<GridAxis> axes;
            if (!value.is_string() || !parseGrid(value.get<std::string>(), axes)) {
                log::warning(spec.name + ": '" + value.dump() +
                             "' is not a grid X0:X1:NX[,Y0:Y1:NY]; kept the form's grid");
                return;
            }
            const GridParts parts = gridParts(editor);
            std::vector<QSignalBlocker> blocks;
            for (QWidget* part : editor->findChildren<QWidget*>())
                blocks.emplace_back(part);
            parts.dimensions->setCurrentIndex(axes.size() == 2 ? 1 : 0);
            for (std::size_t a = 0; a < axes.size(); ++a) {
                parts.from[a]->setValue(axes[a].from);
                parts.to[a]->setValue(axes[a].to);
                parts.count[a]->setValue(axes[a].count);
            }
            showGridDimensions(parts);
            return;
        }
        case ParameterKind::Text:
        case ParameterKind::Path:
        case ParameterKind::Set:
            break;
    }
    static_cast<QLineEdit*>(editor)->setText(value.is_string() ? text(value.get<std::string>())
                                                               : QString());
}

// The names a Members picker stands for, under it when it says "the selected members".
void showPickedNames(QWidget* editor, const QStringList& selection) {
    auto* combo = static_cast<QComboBox*>(editor);
    auto* names = editor->parentWidget()->findChild<QLabel*>();
    if (!names)
        return;
    const bool selected = combo->currentData().toString() == kSelectedMembers;
    names->setVisible(selected);
    names->setText(selection.isEmpty() ? QObject::tr("No member is selected.")
                                       : selection.join(", "));
}

}  // namespace

ParameterForm::ParameterForm(const analysis::Analysis& analysis, QWidget* parent)
    : QWidget(parent), analysis_(analysis) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* basic = new QWidget(this);
    auto* basicRows = new QFormLayout(basic);
    basicRows->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(basic);

    const Edited edited = [this] {
        for (const ParameterSpec& spec : analysis_.parameters())
            if (spec.kind == ParameterKind::Members && editors_.count(spec.name))
                showPickedNames(editors_.at(spec.name), selection_);
        updateEnabledRows();
        Q_EMIT valuesChanged();
    };
    const QString prefix = text(analysis_.info().name) + ".";
    QWidget* advanced = nullptr;
    QFormLayout* advancedRows = nullptr;
    for (const ParameterSpec& spec : analysis_.parameters()) {
        if (!spec.shownInGui || spec.kind == ParameterKind::Set)
            continue;
        if (spec.advanced && !advanced) {
            // A collapsed group: tuning most users never need stays out of the way.
            auto* toggle = new QToolButton(this);
            toggle->setObjectName(prefix + "advanced");
            toggle->setText(tr("Advanced"));
            toggle->setCheckable(true);
            toggle->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
            toggle->setArrowType(Qt::RightArrow);
            toggle->setAutoRaise(true);
            advanced = new QWidget(this);
            advanced->setObjectName(prefix + "advanced-group");
            advancedRows = new QFormLayout(advanced);
            advancedRows->setContentsMargins(0, 0, 0, 0);
            advanced->setVisible(false);
            connect(toggle, &QToolButton::toggled, advanced, [toggle, advanced](bool open) {
                toggle->setArrowType(open ? Qt::DownArrow : Qt::RightArrow);
                advanced->setVisible(open);
            });
            layout->addWidget(toggle);
            layout->addWidget(advanced);
        }
        QFormLayout* rows = spec.advanced ? advancedRows : basicRows;
        const auto [editor, field] = makeEditor(spec, spec.advanced ? advanced : basic, edited);
        editor->setObjectName(prefix + text(spec.name));
        nameParts(field, editor->objectName());
        const QString tip = text(analysis::cliHelp(spec));
        editor->setToolTip(tip);
        field->setToolTip(tip);
        if (spec.kind == ParameterKind::Flag) {
            rows->addRow(field);
        } else {
            rows->addRow(labelOf(spec), field);
            if (QWidget* label = rows->labelForField(field))
                label->setToolTip(tip);
        }
        editors_[spec.name] = editor;
        rows_[spec.name] = field;
    }
    setValues(ParameterValues::object());
}

void ParameterForm::setSetContents(const QStringList& members, const QStringList& roles) {
    const ParameterValues current = rawValues();
    for (const ParameterSpec& spec : analysis_.parameters()) {
        const auto it = editors_.find(spec.name);
        if (it == editors_.end())
            continue;
        if (spec.kind == ParameterKind::Member || spec.kind == ParameterKind::Members ||
            spec.kind == ParameterKind::Role) {
            auto* combo = static_cast<QComboBox*>(it->second);
            const QSignalBlocker block(combo);
            const bool showedSelection = combo->currentData().toString() == kSelectedMembers;
            fillCombo(spec, combo, members, roles);
            // The value shown before, else the default when the set offers it.
            json value = current.value(spec.name, spec.defaultValue);
            if (spec.kind == ParameterKind::Role && value.is_string() &&
                combo->findData(text(value.get<std::string>())) < 0) {
                value = spec.defaultValue;
                if (value.is_string() && combo->findData(text(value.get<std::string>())) < 0)
                    value = combo->count() ? json(combo->itemData(0).toString().toStdString())
                                           : json(nullptr);
            }
            if (showedSelection)
                combo->setCurrentIndex(combo->findData(kSelectedMembers));
            else
                writeValue(spec, combo, value, selection_);
            if (spec.kind == ParameterKind::Members)
                showPickedNames(combo, selection_);
        }
    }
    updateEnabledRows();
    Q_EMIT valuesChanged();
}

void ParameterForm::setSelection(const QStringList& members) {
    selection_ = members;
    for (const ParameterSpec& spec : analysis_.parameters())
        if (spec.kind == ParameterKind::Members && editors_.count(spec.name))
            showPickedNames(editors_.at(spec.name), selection_);
    updateEnabledRows();
    Q_EMIT valuesChanged();
}

ParameterValues ParameterForm::rawValues() const {
    ParameterValues values = ParameterValues::object();
    for (const ParameterSpec& spec : analysis_.parameters())
        if (const auto it = editors_.find(spec.name); it != editors_.end())
            values[spec.name] = readValue(spec, it->second, selection_);
    return values;
}

ParameterValues ParameterForm::values(const io::CheckpointSet* set) const {
    ParameterValues values = rawValues();
    const ParameterValues current = analysis::withDefaults(analysis_.parameters(), values);
    for (const ParameterSpec& spec : analysis_.parameters()) {
        if (editors_.count(spec.name) && !analysis::isEnabled(spec, current))
            values.erase(spec.name);  // does not apply now: its default goes
        if (set && spec.kind == ParameterKind::Set && !values.contains(spec.name))
            values[spec.name] = set->folder;
    }
    return analysis_.complete(values, set);
}

void ParameterForm::setValues(const ParameterValues& given) {
    // WORD:SUFFIX (as the CLI takes `--dirs plane:A,B,C`): the word here, the
    // suffix to its own parameter unless that one is given too.
    ParameterValues values = given.is_object() ? given : ParameterValues::object();
    for (const ParameterSpec& spec : analysis_.parameters()) {
        if (spec.suffixParameter.empty() || !values.contains(spec.name) ||
            !values[spec.name].is_string())
            continue;
        const std::string word = values[spec.name].get<std::string>();
        const auto colon = word.find(':');
        if (colon == std::string::npos)
            continue;
        values[spec.name] = word.substr(0, colon);
        if (!values.contains(spec.suffixParameter)) {
            const std::string rest = word.substr(colon + 1);
            const ParameterSpec& suffix =
                analysis::specNamed(analysis_.parameters(), spec.suffixParameter);
            values[suffix.name] =
                suffix.kind == ParameterKind::Members ? arrayOf(text(rest).split(',')) : json(rest);
        }
    }
    for (const ParameterSpec& spec : analysis_.parameters()) {
        const auto it = editors_.find(spec.name);
        if (it == editors_.end())
            continue;
        if (values.contains(spec.name))
            writeValue(spec, it->second, values[spec.name], selection_);
        else if (spec.kind == ParameterKind::Members && spec.selectionDefault)
            static_cast<QComboBox*>(it->second)
                ->setCurrentIndex(static_cast<QComboBox*>(it->second)->findData(kSelectedMembers));
        else
            writeValue(spec, it->second, spec.defaultValue, selection_);
        if (spec.kind == ParameterKind::Members)
            showPickedNames(it->second, selection_);
    }
    updateEnabledRows();
    Q_EMIT valuesChanged();
}

QWidget* ParameterForm::editor(const std::string& parameterName) const {
    const auto it = editors_.find(parameterName);
    return it == editors_.end() ? nullptr : it->second;
}

void ParameterForm::updateEnabledRows() {
    const ParameterValues current = analysis::withDefaults(analysis_.parameters(), rawValues());
    for (const ParameterSpec& spec : analysis_.parameters()) {
        const auto row = rows_.find(spec.name);
        if (row == rows_.end())
            continue;
        const bool enabled = analysis::isEnabled(spec, current);
        row->second->setEnabled(enabled);
        if (auto* rows = qobject_cast<QFormLayout*>(row->second->parentWidget()->layout()))
            if (QWidget* label = rows->labelForField(row->second))
                label->setEnabled(enabled);
    }
}

}  // namespace modescape::ui
