#pragma once
// The editor of one parameter, by its kind (ParameterForm lays them out):
// check box, spin boxes, combo boxes of words / roles / members, a members
// picker, a path field with Browse, a grid editor; and how each reads and
// shows a JSON value. A null default is "no value": a spin box's special
// value, an empty line edit, a combo's first item, each reading as the
// default's text ("automatic").

#include <QStringList>
#include <QWidget>

#include <functional>

#include "core/analysis/Parameter.h"

namespace modescape::ui {

struct ParameterEditor {
    QWidget* editor;  // reads and shows the value; named "<analysis>.<parameter>"
    QWidget* field;   // what goes into the form's row: the editor, or it and its helpers
};

// `edited` is called whenever the user changes the value.
ParameterEditor makeParameterEditor(const analysis::ParameterSpec& spec, QWidget* host,
                                    const std::function<void()>& edited);
// Names the field's parts "<editor>.<part>" (Browse button, grid spin boxes,
// the selected members' names) once the editor has its name.
void nameEditorParts(QWidget* field, const QString& editorName);

// The value shown; `selection` is what "the selected members" stands for.
nlohmann::json readParameterEditor(const analysis::ParameterSpec& spec, QWidget* editor,
                                   const QStringList& selection);
// Shows a value without signalling. A word, role or member the editor does
// not offer is added, so it is shown (and refused by the checks), not lost.
void showParameterValue(const analysis::ParameterSpec& spec, QWidget* editor,
                        const nlohmann::json& value, const QStringList& selection);
// Shows the default; for a Members picker with selectionDefault, "the selected members".
void showParameterDefault(const analysis::ParameterSpec& spec, QWidget* editor,
                          const QStringList& selection);
// Member, Members and Role editors: offers the set's members / roles, keeping
// the value shown where the set has it. Other kinds are left as they are.
void offerSetContents(const analysis::ParameterSpec& spec, QWidget* editor,
                      const QStringList& members, const QStringList& roles,
                      const QStringList& selection);
// A Members picker: shows the selected names under it while it says "the
// selected members". Other kinds are left as they are.
void showSelectedMembers(const analysis::ParameterSpec& spec, QWidget* editor,
                         const QStringList& selection);

}  // namespace modescape::ui
