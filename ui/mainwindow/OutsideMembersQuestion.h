#pragma once
// The question the window asks when a set it opened has members lying
// outside the set folder (PathContainment.h): reading them is the user's
// choice, made for this session, never a default.

#include <QString>

#include <functional>
#include <vector>

#include "core/io/set/CheckpointSet.h"

class QWidget;

namespace modescape::ui {

// The members refused, unread, because they lie outside the set folder.
std::vector<io::ExcludedMember> membersOutsideSet(const std::vector<io::ExcludedMember>& excluded);

// "2 checkpoints of /data/set lie outside it: ...; read them?" with up to
// eight names and where each leads (its path resolved; no file is read).
QString outsideMembersQuestionText(const QString& folder,
                                   const std::vector<io::ExcludedMember>& outside);

// Asks the user; true = read them for this session. The window's default
// shows a QMessageBox; tests install one that answers by itself.
using OutsideMembersQuestion =
    std::function<bool(const QString& folder, const std::vector<io::ExcludedMember>& outside)>;
OutsideMembersQuestion outsideMembersMessageBox(QWidget* parent);

}  // namespace modescape::ui
