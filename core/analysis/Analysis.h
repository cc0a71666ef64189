#pragma once
// A computation Modescape offers, declared once. Its parameter table drives
// the GUI's properties form, the CLI subcommand's options, the JSON stored in
// result files and the generated option docs; validate() is the one place its
// rules between parameters live (so the GUI and the CLI give the same
// message), and run() computes it on a SetWorkspace for both front ends.
//
// Results are typed per analysis (LandscapeResult, SetProjection, ...) and
// travel as std::any: the analysis's own header names the type, and
// resultJson() gives the numbers a `--json` run prints.
//
// Work that can be split: workUnits() says how many independent units a run
// has (grid points, member pairs, member blocks, prediction batches); run()
// with RunOptions::units computes only those, and merge() folds a part into a
// whole. A run without units computes all of them. This is what lets a
// distributed run (MPI) hand units to ranks without knowing the analysis.

#include <any>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/analysis/Parameter.h"
#include "core/jobs/Progress.h"

namespace modescape::io {
struct CheckpointSet;
}

namespace modescape::analysis {

class SetWorkspace;

struct AnalysisInfo {
    std::string name;     // the subcommand that runs it: "landscape", "curve-plane"
    std::string title;    // GUI tab / window title: "Loss landscape"
    std::string summary;  // one sentence: the subcommand's description
};

struct WorkUnits {
    std::int64_t count = 1;
    std::string what = "run";  // "grid points", "member pairs" ...
};

struct RunOptions {
    // Called on the computing thread with the result so far (e.g. after each
    // grid row), so views can fill in and runs can save what they have.
    std::function<void(const std::any& partial)> onPartial;
    // An earlier (partial) result of the same analysis to continue, when its
    // result-defining values are the ones given; the analysis checks that.
    const std::any* resumeFrom = nullptr;
    // The units to compute; empty = all of them.
    std::vector<std::int64_t> units;
};

class Analysis {
  public:
    virtual ~Analysis() = default;

    virtual const AnalysisInfo& info() const = 0;
    virtual const ParameterList& parameters() const = 0;

    // Defaults filled in, every value checked against its spec (checkValues),
    // then the rules between parameters (checkRules). `set`, when given, lets
    // the rules check member names and dataset roles. Throws InvalidArgument
    // naming the parameter by its flag; the GUI shows the same message.
    ParameterValues complete(const ParameterValues& given,
                             const io::CheckpointSet* set = nullptr) const;

    virtual WorkUnits workUnits(SetWorkspace& workspace, const ParameterValues& values) const;

    // Computes the analysis with complete()d values. Throws Cancelled when the
    // context is cancelled (after its last onPartial), modescape::Error on
    // failure.
    virtual std::any run(SetWorkspace& workspace, const ParameterValues& values,
                         const JobContext& context, const RunOptions& options = {}) const = 0;

    // Folds the result of some units into the result of others. The default
    // throws: an analysis with one unit never needs it.
    virtual void merge(std::any& whole, const std::any& part) const;

    // The numbers of a result as JSON (what `--json` prints besides the
    // parameters and the provenance).
    virtual nlohmann::json resultJson(const std::any& result) const = 0;

    // The file a complete result is kept in by the result cache
    // (docs/result-cache.md): the analysis's own result format, named by its
    // suffix without the dot ("h5"). "" (the default): its results are not
    // kept. The two functions are called only when the suffix is not empty;
    // the defaults throw. Reading throws modescape::Error (IoError,
    // FormatError) for a file that is not such a result.
    virtual std::string resultFileSuffix() const { return {}; }
    virtual void writeResultFile(const std::string& path, const std::any& result) const;
    virtual std::any readResultFile(const std::string& path) const;

  protected:
    // The analysis's rules between parameters; called by complete() after
    // the generic checks. The default has none.
    virtual void checkRules(const ParameterValues& values, const io::CheckpointSet* set) const;
};

// {"analysis": name, "parameters": values (result-defining ones only when
// resultDefiningOnly), "modescape": version}: stored in every result file and
// session, so a result says how it was made and can be made again.
nlohmann::json provenance(const Analysis& analysis, const ParameterValues& values,
                          bool resultDefiningOnly = false);

// The values of the result-defining parameters only: equal ones mean an
// earlier result can be resumed or reused.
ParameterValues resultDefiningValues(const Analysis& analysis, const ParameterValues& values);

}  // namespace modescape::analysis
