#pragma once
// The properties form of an analysis, built from its parameter table: one row
// per parameter shown in the GUI (spin boxes for numbers, combo boxes for
// choices and roles, check boxes for flags, member pickers, a path field with
// Browse, from / to / count rows for a grid), advanced ones in a collapsed
// group, rows disabled while their EnabledWhen does not hold. Labels, tool
// tips, defaults, choices and ranges all come from the table, so the form and
// the CLI cannot drift apart.
//
// Every editor's objectName is "<analysis>.<parameter>" (e.g.
// "landscape.points-per-forward") for tests and for the session files.

#include <QStringList>
#include <QWidget>

#include <map>
#include <string>

#include "core/analysis/Analysis.h"

namespace modescape::ui {

class ParameterForm : public QWidget {
    Q_OBJECT
  public:
    explicit ParameterForm(const analysis::Analysis& analysis, QWidget* parent = nullptr);

    const analysis::Analysis& analysis() const { return analysis_; }

    // The open set's members (Member / Members pickers) and dataset roles
    // (Role combos; a role the set lacks is not offered).
    void setSetContents(const QStringList& members, const QStringList& roles);
    // The members selected in the set browser: the value of every Members
    // parameter whose picker says "the selected members".
    void setSelection(const QStringList& members);

    // The form's values, complete()d by the analysis (defaults, checks, the
    // analysis's rules): throws InvalidArgument with the same message the CLI
    // gives for the same values. Rows that are disabled (their EnabledWhen
    // does not hold) are left out, so their defaults apply. With `set`, Set
    // parameters get its folder and the rules may check names against it.
    analysis::ParameterValues values(const io::CheckpointSet* set = nullptr) const;
    // The form's values as they stand, unchecked (for display and sessions).
    analysis::ParameterValues rawValues() const;
    // Shows these values (missing ones: defaults). Unknown names are ignored.
    void setValues(const analysis::ParameterValues& values);

    // The editor of a parameter (nullptr when it is not shown).
    QWidget* editor(const std::string& parameterName) const;

  Q_SIGNALS:
    // A value changed (the user or setValues).
    void valuesChanged();

  private:
    void updateEnabledRows();

    const analysis::Analysis& analysis_;
    std::map<std::string, QWidget*> editors_;
    std::map<std::string, QWidget*> rows_;
    QStringList selection_;
};

}  // namespace modescape::ui
