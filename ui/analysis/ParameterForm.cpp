#include "ui/analysis/ParameterForm.h"

#include <QFormLayout>
#include <QToolButton>
#include <QVBoxLayout>

#include "core/analysis/ParameterText.h"
#include "core/io/set/CheckpointSet.h"
#include "ui/analysis/ParameterEditors.h"

namespace modescape::ui {

using analysis::ParameterKind;
using analysis::ParameterSpec;
using analysis::ParameterValues;
using nlohmann::json;

namespace {

QString labelOf(const ParameterSpec& spec) {
    return QString::fromStdString(spec.label.empty() ? spec.name : spec.label);
}

// "A,B,C" as the JSON list the CLI makes of it.
json membersIn(const std::string& text) {
    json names = json::array();
    for (const QString& name : QString::fromStdString(text).split(',', Qt::SkipEmptyParts))
        names.push_back(name.toStdString());
    return names;
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

    const auto edited = [this] {
        for (const ParameterSpec& spec : analysis_.parameters())
            if (const auto it = editors_.find(spec.name); it != editors_.end())
                showSelectedMembers(spec, it->second, selection_);
        updateEnabledRows();
        Q_EMIT valuesChanged();
    };
    const QString prefix = QString::fromStdString(analysis_.info().name) + ".";
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
        const auto [editor, field] =
            makeParameterEditor(spec, spec.advanced ? advanced : basic, edited);
        editor->setObjectName(prefix + QString::fromStdString(spec.name));
        nameEditorParts(field, editor->objectName());
        const QString tip = QString::fromStdString(analysis::cliHelp(spec));
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

// These two signal only when a value changed: pages that compute on every
// change must not recompute for a selection no parameter uses.
void ParameterForm::setSetContents(const QStringList& members, const QStringList& roles) {
    const ParameterValues before = rawValues();
    for (const ParameterSpec& spec : analysis_.parameters())
        if (const auto it = editors_.find(spec.name); it != editors_.end())
            offerSetContents(spec, it->second, members, roles, selection_);
    updateEnabledRows();
    if (rawValues() != before)
        Q_EMIT valuesChanged();
}

void ParameterForm::setSelection(const QStringList& members) {
    const ParameterValues before = rawValues();
    selection_ = members;
    for (const ParameterSpec& spec : analysis_.parameters())
        if (const auto it = editors_.find(spec.name); it != editors_.end())
            showSelectedMembers(spec, it->second, selection_);
    updateEnabledRows();
    if (rawValues() != before)
        Q_EMIT valuesChanged();
}

ParameterValues ParameterForm::rawValues() const {
    ParameterValues values = ParameterValues::object();
    for (const ParameterSpec& spec : analysis_.parameters())
        if (const auto it = editors_.find(spec.name); it != editors_.end())
            values[spec.name] = readParameterEditor(spec, it->second, selection_);
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
        // hessian:1,2 fills "eigenvectors", plane:A,B,C "direction-members".
        const ParameterSpec& suffix =
            analysis::suffixTargetOf(analysis_.parameters(), spec, word.substr(0, colon));
        if (!values.contains(suffix.name)) {
            const std::string rest = word.substr(colon + 1);
            values[suffix.name] =
                suffix.kind == ParameterKind::Members ? membersIn(rest) : json(rest);
        }
    }
    for (const ParameterSpec& spec : analysis_.parameters()) {
        const auto it = editors_.find(spec.name);
        if (it == editors_.end())
            continue;
        if (values.contains(spec.name))
            showParameterValue(spec, it->second, values[spec.name], selection_);
        else
            showParameterDefault(spec, it->second, selection_);
        showSelectedMembers(spec, it->second, selection_);
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
