#include "core/session/ViewSpec.h"
#include "core/common/JoinText.h"

#include <algorithm>

#include "core/analysis/ParameterText.h"
#include "core/analysis/Registry.h"
#include "core/common/Error.h"
#include "core/io/set/CheckpointSet.h"

namespace modescape::session {

namespace {

// "a=1,b=x,y,c=2" -> {"a=1", "b=x,y", "c=2"}: a part without '=' continues
// the one before it.
std::vector<std::string> assignments(const std::string& text) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto end = std::min(text.find(',', start), text.size());
        const std::string part = text.substr(start, end - start);
        if (!parts.empty() && part.find('=') == std::string::npos)
            parts.back() += "," + part;
        else
            parts.push_back(part);
        start = end + 1;
    }
    return parts;
}

const analysis::ParameterSpec* findSpec(const analysis::ParameterList& list,
                                        const std::string& name) {
    for (const auto& spec : list)
        if ((spec.name == name || (!spec.flag.empty() && spec.flag == "--" + name)) &&
            spec.kind != analysis::ParameterKind::Set)
            return &spec;
    return nullptr;
}

std::string parameterNames(const analysis::ParameterList& list) {
    std::vector<std::string> names;
    for (const auto& spec : list)
        if (spec.kind != analysis::ParameterKind::Set)
            names.push_back(spec.name);
    return joinText(names);
}

}  // namespace

View parseViewSpec(const std::string& text, const Session& session, const io::CheckpointSet* set) {
    const std::string prefix = "--view '" + text + "': ";
    const auto colon = text.find(':');
    View view;
    view.analysis = text.substr(0, colon);
    const auto known = knownViewNames();
    if (std::find(known.begin(), known.end(), view.analysis) == known.end())
        throw InvalidArgument(prefix + "unknown analysis '" + view.analysis +
                              "' (known: " + joinText(known) + ")");
    view.id = freeViewId(session, view.analysis);
    const std::string rest = colon == std::string::npos ? "" : text.substr(colon + 1);

    if (view.analysis == kOverviewView) {
        view.title = "Overview";
        if (!rest.empty())
            throw InvalidArgument(prefix + "the overview has no parameters");
        return view;
    }
    const analysis::Analysis& analysis = analysis::analysisNamed(view.analysis);
    const analysis::ParameterList& list = analysis.parameters();
    view.title = analysis.info().title;

    analysis::ParameterValues given = analysis::ParameterValues::object();
    if (!rest.empty()) {
        for (const std::string& part : assignments(rest)) {
            const auto equals = part.find('=');
            if (equals == std::string::npos || equals == 0)
                throw InvalidArgument(prefix + "'" + part +
                                      "' is not PARAMETER=VALUE (parameters of " + view.analysis +
                                      ": " + parameterNames(list) + ")");
            const std::string name = part.substr(0, equals);
            const analysis::ParameterSpec* spec = findSpec(list, name);
            if (!spec)
                throw InvalidArgument(prefix + "unknown parameter '" + name + "' of " +
                                      view.analysis + " (accepted: " + parameterNames(list) + ")");
            try {
                given.update(analysis::valuesFromText(list, *spec, part.substr(equals + 1)));
            } catch (const InvalidArgument& e) {
                throw InvalidArgument(prefix + e.what());
            }
        }
    }
    // The set parameter is the session's; the rules may look at it.
    for (const auto& spec : list)
        if (spec.kind == analysis::ParameterKind::Set && set)
            given[spec.name] = set->folder;
    try {
        view.parameters = analysis.complete(given, set);
    } catch (const InvalidArgument& e) {
        throw InvalidArgument(prefix + e.what());
    }
    for (const auto& spec : list)
        if (spec.kind == analysis::ParameterKind::Set)
            view.parameters.erase(spec.name);
    return view;
}

std::vector<std::string> defaultViewSpecs() {
    return {kOverviewView, "landscape", "project", "calibrate"};
}

}  // namespace modescape::session
