#pragma once
// One parameter of an analysis, declared once: its JSON name, CLI flag, GUI
// label, help, kind, default, choices, unit, range and when it applies. The
// CLI binds its options from these (app/cli/AnalysisOptions.h), the GUI builds
// its properties form from them (ui/analysis/ParameterForm.h), result files
// store the values under these names, and `modescape analyses --json` and the
// generated option docs list them.
//
// Values travel as one JSON object, name -> value (ParameterValues); each
// analysis converts it to its typed settings struct in one function.

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace modescape::analysis {

enum class ParameterKind {
    Flag,     // true / false; CLI: a flag without a value
    Integer,  // JSON integer; GUI: spin box
    Real,     // JSON number; GUI: double spin box
    Text,     // JSON string; GUI: line edit
    Choice,   // JSON string, one of `choices` (the enum's word table); GUI: combo box
    Path,     // JSON string, a file path; GUI: line edit with a Browse button
    Member,   // JSON string, one member's name ("" = none); GUI: combo of the set's members
    Members,  // JSON array of member names; CLI: comma-separated; GUI: see `selection`
    Grid,     // JSON string "X0:X1:NX[,Y0:Y1:NY]"; GUI: from / to / count rows per axis
    Role,     // JSON string, a dataset role of the set ("train", "test", ...); GUI: the set's roles
    Set,      // JSON string, the checkpoint set (positional SET); the GUI's open set
};

// "flag", "integer", "real", "text", "choice", "path", "member", "members",
// "grid", "role", "set": the "type" of `modescape analyses --json`.
const char* kindWord(ParameterKind kind);

// The parameter applies only while another parameter has one of these values
// (e.g. normalisation only for random directions). The GUI disables it
// otherwise; the CLI ignores it silently only when it was not given.
struct EnabledWhen {
    std::string parameter;
    std::vector<nlohmann::json> values;
};

struct ParameterSpec {
    std::string name;  // JSON key and GUI object name: lower-case-with-dashes
    ParameterKind kind = ParameterKind::Text;
    std::string flag;         // "--points-per-forward"; empty for positional ones
    bool positional = false;  // SET, A, B: CLI positional, listed with "positional": true
    std::string label;        // GUI row label, e.g. "Points per forward"
    std::string help;         // one sentence, without the default (added from below)

    nlohmann::json defaultValue;       // null = no value (e.g. "automatic", "all")
    std::string defaultText;           // how a null default reads: "automatic", "the whole split"
    std::vector<std::string> choices;  // Choice: the words, from the enum's WordTable
    // Choice: the CLI also accepts WORD:VALUE, VALUE going to this parameter
    // (`--dirs plane:A,B,C` fills "direction-members").
    std::string suffixParameter;
    std::string unit;  // "samples", "points", "MiB" ...
    std::optional<double> minimum;
    std::optional<double> maximum;
    std::vector<EnabledWhen> enabledWhen;  // all must hold

    // Members: the GUI offers "the selected members" and makes it the default.
    bool selectionDefault = false;
    // Must be given although it is not positional (symmetry's --out): the CLI
    // marks the option required; the GUI and scripts must fill it.
    bool required = false;
    bool advanced = false;       // GUI: in the collapsed "Advanced" group
    bool shownInGui = true;      // false: the GUI fills it itself (e.g. Set)
    bool resultDefining = true;  // false: tuning only, not compared when resuming

    // Fluent setters, so that a table reads as one declaration per parameter.
    ParameterSpec& cli(std::string f) {
        flag = std::move(f);
        return *this;
    }
    ParameterSpec& asPositional() {
        positional = true;
        flag.clear();
        return *this;
    }
    ParameterSpec& byDefault(nlohmann::json v) {
        defaultValue = std::move(v);
        return *this;
    }
    ParameterSpec& defaultReads(std::string text) {
        defaultText = std::move(text);
        return *this;
    }
    ParameterSpec& oneOf(std::vector<std::string> words) {
        choices = std::move(words);
        return *this;
    }
    ParameterSpec& withSuffix(std::string p) {
        suffixParameter = std::move(p);
        return *this;
    }
    ParameterSpec& in(std::string u) {
        unit = std::move(u);
        return *this;
    }
    ParameterSpec& range(std::optional<double> lo, std::optional<double> hi = std::nullopt) {
        minimum = lo;
        maximum = hi;
        return *this;
    }
    ParameterSpec& when(std::string p, std::vector<nlohmann::json> v) {
        enabledWhen.push_back({std::move(p), std::move(v)});
        return *this;
    }
    ParameterSpec& mustBeGiven() {
        required = true;
        return *this;
    }
    ParameterSpec& selectedByDefault() {
        selectionDefault = true;
        return *this;
    }
    ParameterSpec& isAdvanced() {
        advanced = true;
        return *this;
    }
    ParameterSpec& notInGui() {
        shownInGui = false;
        return *this;
    }
    ParameterSpec& tuningOnly() {
        resultDefining = false;
        return *this;
    }
};

// A new parameter: name, kind, GUI label and help. The flag defaults to
// "--" + name; call asPositional() for positional ones.
ParameterSpec parameter(std::string name, ParameterKind kind, std::string label, std::string help);

// The positional SET every analysis takes (the GUI fills it with its open set).
ParameterSpec setParameter();

using ParameterList = std::vector<ParameterSpec>;
using ParameterValues = nlohmann::json;  // object: name -> value

// The spec named `name`; throws InvalidArgument when there is none.
const ParameterSpec& specNamed(const ParameterList& list, const std::string& name);

// How the spec is named to the user: its flag, else its upper-case positional
// name (SET), else its label.
std::string userName(const ParameterSpec& spec);

// Missing values filled in with their defaults (null stays null).
ParameterValues withDefaults(const ParameterList& list, const ParameterValues& given);

// Checks every value against its spec: unknown names, JSON types, choices
// (the word before ':' where the spec has a suffix parameter), integer and
// range limits. Throws InvalidArgument naming the parameter as userName() does:
// "--norm: 'diagonal' is not one of filter, layer, none".
void checkValues(const ParameterList& list, const ParameterValues& values);

// Whether every EnabledWhen of the spec holds for these values.
bool isEnabled(const ParameterSpec& spec, const ParameterValues& values);

// The default as the user reads it: "51", "filter", "off", or defaultText.
std::string describeDefault(const ParameterSpec& spec);

// The CLI help: help, then "(default: X; one of a, b, c; unit; from 0)".
std::string cliHelp(const ParameterSpec& spec);

// {"name","type","flag","positional","label","help","default","default_text",
//  "choices","unit","minimum","maximum","enabled_when","advanced","gui",
//  "result_defining","required"}: one entry of `modescape analyses --json`.
nlohmann::json specToJson(const ParameterSpec& spec);

}  // namespace modescape::analysis
