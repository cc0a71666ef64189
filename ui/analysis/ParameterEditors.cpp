#include "ui/analysis/ParameterEditors.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>
#include <climits>
#include <cmath>

#include "core/common/Log.h"
#include "ui/analysis/GridEditor.h"
#include "ui/analysis/RealSpinBox.h"

namespace modescape::ui {

using analysis::ParameterKind;
using analysis::ParameterSpec;
using nlohmann::json;

namespace {

// What a Members picker's item stands for (its Qt::UserRole data).
const QString kNoMembers = QStringLiteral("none");
const QString kSelectedMembers = QStringLiteral("selection");
const QString kMemberList = QStringLiteral("list");
constexpr int kListRole = Qt::UserRole + 1;  // the names of a kMemberList item

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

// The names a Members picker stands for, under it when it says "the selected members".
void showPickedNames(QWidget* editor, const QStringList& selection) {
    auto* combo = static_cast<QComboBox*>(editor);
    auto* names = editor->parentWidget()->findChild<QLabel*>();
    if (!names)
        return;
    const bool selected = combo->currentData().toString() == kSelectedMembers;
    names->setVisible(selected);
    // The count is the list's own length, so the two always agree.
    const QString count = selection.size() == 1
                              ? QObject::tr("1 selected member")
                              : QObject::tr("%1 selected members").arg(selection.size());
    names->setText(selection.isEmpty() ? QObject::tr("No member is selected.")
                                       : count + ": " + selection.join(", "));
}

}  // namespace

ParameterEditor makeParameterEditor(const ParameterSpec& spec, QWidget* host,
                                    const std::function<void()>& edited) {
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

// "<analysis>.<parameter>.<part>" for the parts of a row (grid spin boxes,
// Browse button, the selected members' names).
void nameEditorParts(QWidget* field, const QString& editorName) {
    for (QWidget* part : field->findChildren<QWidget*>())
        if (const QVariant name = part->property("formPart"); name.isValid())
            part->setObjectName(editorName + "." + name.toString());
}

json readParameterEditor(const ParameterSpec& spec, QWidget* editor, const QStringList& selection) {
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
        case ParameterKind::Grid:
            return gridText(editor);
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

void showParameterValue(const ParameterSpec& spec, QWidget* editor, const json& value,
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
            if (value.is_array() && !value.empty() && value[0].is_string())
                word = value[0].get<std::string>();  // several words: the form shows one
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
        case ParameterKind::Grid:
            if (!value.is_string() || !showGridText(editor, value.get<std::string>()))
                log::warning(spec.name + ": '" + value.dump() +
                             "' is not a grid X0:X1:NX[,Y0:Y1:NY]; kept the form's grid");
            return;
        case ParameterKind::Text:
        case ParameterKind::Path:
        case ParameterKind::Set:
            break;
    }
    static_cast<QLineEdit*>(editor)->setText(value.is_string() ? text(value.get<std::string>())
                                                               : QString());
}

void showParameterDefault(const ParameterSpec& spec, QWidget* editor,
                          const QStringList& selection) {
    if (spec.kind == ParameterKind::Members && spec.selectionDefault) {
        auto* combo = static_cast<QComboBox*>(editor);
        const QSignalBlocker block(combo);
        combo->setCurrentIndex(combo->findData(kSelectedMembers));
        showPickedNames(editor, selection);
        return;
    }
    showParameterValue(spec, editor, spec.defaultValue, selection);
    showSelectedMembers(spec, editor, selection);
}

void offerSetContents(const ParameterSpec& spec, QWidget* editor, const QStringList& members,
                      const QStringList& roles, const QStringList& selection) {
    if (spec.kind != ParameterKind::Member && spec.kind != ParameterKind::Members &&
        spec.kind != ParameterKind::Role)
        return;
    auto* combo = static_cast<QComboBox*>(editor);
    const QSignalBlocker block(combo);
    const json shown = readParameterEditor(spec, editor, selection);
    const bool showedSelection = combo->currentData().toString() == kSelectedMembers;
    fillCombo(spec, combo, members, roles);
    if (showedSelection) {
        combo->setCurrentIndex(combo->findData(kSelectedMembers));
    } else if (spec.kind == ParameterKind::Role && shown.is_string() &&
               combo->findData(text(shown.get<std::string>())) < 0) {
        // A role the set lacks: its default where the set has that, else its first role.
        const json& fallback = spec.defaultValue;
        if (fallback.is_string() && combo->findData(text(fallback.get<std::string>())) >= 0)
            showParameterValue(spec, editor, fallback, selection);
        else
            combo->setCurrentIndex(combo->count() ? 0 : -1);
    } else {
        showParameterValue(spec, editor, shown, selection);
    }
    showSelectedMembers(spec, editor, selection);
}

void showSelectedMembers(const ParameterSpec& spec, QWidget* editor, const QStringList& selection) {
    if (spec.kind == ParameterKind::Members)
        showPickedNames(editor, selection);
}

}  // namespace modescape::ui
