#pragma once
// A tab that computes one analysis: the job lifecycle written once. It owns
// the properties panel (the analysis's ParameterForm, the page's own display
// settings below it, Compute / Cancel, a progress line with ETA and the status
// text), runs the analysis on the JobRunner's worker with the shared
// SetWorkspace, shows partial results as they come, continues a cancelled
// result when Compute is pressed again with the same result-defining values
// (RunOptions::resumeFrom), and drops results of a run whose values or set
// are no longer the ones shown (a newer Compute, a changed set).
//
// A page derives from it and keeps only its views: showResult() draws a
// result, exportImage() exports the current view.
//
// Every run that ends is written to the log once, here: the analysis's name,
// its values as JSON, how long it took and a one-line summary of the result.
//
// Complete results of analyses that keep result files go to the result cache
// (core/session/ResultCache.h) under their content hash; Compute with values
// and a set whose result is kept there shows it at once, starting no job.

#include <QPointer>

#include <any>
#include <memory>

#include "core/analysis/Analysis.h"
#include "ui/analysis/FollowedOutput.h"
#include "ui/views/ViewPage.h"

class QLabel;
class QPushButton;
class QVBoxLayout;

namespace modescape::analysis {
class SetWorkspace;
}
namespace modescape::session {
class ResultCache;
}

namespace modescape::ui {

class JobRunner;
class ParameterForm;
class VtkView;

class AnalysisPage : public ViewPage {
    Q_OBJECT
  public:
    AnalysisPage(const analysis::Analysis& analysis, JobRunner* runner,
                 std::shared_ptr<analysis::SetWorkspace> workspace, QWidget* parent = nullptr);
    ~AnalysisPage() override;

    QWidget* propertiesWidget() override { return properties_; }

    const analysis::Analysis& analysis() const { return analysis_; }
    ParameterForm* form() const { return form_; }
    void setSelection(const QStringList& members);

    // Starts a run with the form's values; returns the job id, or 0 when no
    // job was started: the values are refused (the message goes to the status
    // line and the log) or the result cache kept their result, which is shown
    // at once (resultChanged() and computeFinished(true) come before this returns).
    int compute();
    // Shows the result the cache keeps for the form's values on this set, as
    // compute() would, without ever starting a job; false when none is kept.
    bool showCachedResult();
    void cancel();
    // Whether a run is going on or about to start (requestCompute()).
    bool isComputing() const { return job_ != 0 || computeRequested_; }
    // Computes once when the event loop next turns, however often it is asked
    // before: a page that computes on every change (computeOnChange()) and is
    // given a set, its contents and a selection in one go starts one job.
    void requestCompute();

    // The one line the log records for a finished run (after "computed in ...").
    // By default the result JSON's top-level numbers and words; pages may say more.
    virtual QString resultSummary(const std::any& result) const;

    // The last result shown (empty before the first), and whether it is complete.
    const std::any& result() const { return result_; }
    bool resultComplete() const { return resultComplete_; }
    // The values the shown result was computed with.
    const analysis::ParameterValues& resultValues() const { return resultValues_; }

    // What a session keeps of the page besides its parameters
    // (docs/session.md); the defaults keep nothing. Display settings are the
    // page's own JSON object (unknown keys are ignored when applied), the
    // colouring one word ("" = the page has no choice of colouring).
    virtual nlohmann::json displaySettings() const { return nlohmann::json::object(); }
    virtual void applyDisplaySettings(const nlohmann::json&) {}
    virtual std::string colourBy() const { return {}; }
    virtual void applyColourBy(const std::string&) {}
    // The 3-D view whose camera a session keeps; nullptr when none is shown.
    virtual VtkView* cameraView() const { return nullptr; }

    // "Run elsewhere..." (RunElsewhereDialog.h): whether the page can show the
    // output file of a job run elsewhere as it fills, and starts doing so
    // (false after saying why on the status line). The defaults cannot.
    virtual bool canFollowResultFile() const { return false; }
    virtual bool followResultFile(const QString&) { return false; }
    // Opens the "Run elsewhere..." dialog for the form's values.
    void showRunElsewhere();
    // The follower of followJsonResultFile() (null before it was called).
    ResultFileFollower* follower() const;

  Q_SIGNALS:
    // The shown result changed (a partial result came, a run ended, a file opened).
    void resultChanged();
    void computeFinished(bool completed);

  protected:
    // Draws a result; `complete` is false for partial ones.
    virtual void showResult(const std::any& result, bool complete) = 0;
    // Adds the page's own display settings (colour map, figure type ...) below the form.
    void addDisplayProperties(QWidget* widget);
    // Shows a result that did not come from a run (e.g. a file the user
    // opened); an incomplete one is resumed by Compute with the same values.
    void showExternalResult(std::any result, const analysis::ParameterValues& values,
                            bool complete = true);
    // Computes now (requestCompute()) and again whenever a value of the form
    // changes: for analyses quick enough to follow every edit.
    void computeOnChange();
    // followResultFile() of a page whose job writes a JSON --out (and a
    // resume file beside it: FollowedOutput.h): every reading of `read` is
    // shown as an external result, with the values the output names when
    // `valuesFromFile` and it names them, else the form's. Replaces an
    // earlier follower; false, saying why, for an empty path.
    bool followJsonResultFile(const QString& path, OutputReader read, bool valuesFromFile);
    // The status line.
    void setStatus(const QString& text);
    std::shared_ptr<analysis::SetWorkspace> workspace() const { return workspace_; }
    JobRunner* runner() const;

  private:
    struct Run;  // one compute(): its generation, values and the worker's result

    void buildProperties();
    bool showCachedResult(const session::ResultCache& cache, const std::string& key,
                          const analysis::ParameterValues& values);
    // Cancels the run going on, if any, and drops whatever it still sends.
    void stopRun();
    void showPartial(int generation, std::any partial);
    void finishRun(int generation, bool completed, const QString& failure = {});
    void logRun(const Run& run, bool completed, const QString& failure) const;

    const analysis::Analysis& analysis_;
    QPointer<JobRunner> runner_;  // a main window may delete it before its pages
    std::shared_ptr<analysis::SetWorkspace> workspace_;
    int job_ = 0;
    bool computeRequested_ = false;
    int generation_ = 0;        // bumped by every compute(); older runs' results are dropped
    std::shared_ptr<Run> run_;  // the current run (null when none)
    std::any result_;
    bool resultComplete_ = false;
    // False once continuing the shown partial result failed (its inputs
    // changed, or it does not match its own values): Compute starts afresh.
    bool resultResumable_ = true;
    analysis::ParameterValues resultValues_;

    // Deleted with the page, wherever the main window put it (the
    // properties dock re-parents it); a QPointer, as the dock may go first.
    QPointer<QWidget> properties_;
    QPointer<ResultFileFollower> follower_;
    QVBoxLayout* propertiesLayout_ = nullptr;
    ParameterForm* form_ = nullptr;
    QPushButton* computeButton_ = nullptr;
    QPushButton* cancelButton_ = nullptr;
    QLabel* progress_ = nullptr;
    QLabel* status_ = nullptr;
};

}  // namespace modescape::ui
