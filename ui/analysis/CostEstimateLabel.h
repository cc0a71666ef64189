#pragma once
// The estimated cost of a run, under an analysis page's Compute button
// (issue 13: "the estimated cost is shown before a long job starts"):
// "Estimated cost: ≈ 2.1 TFLOP, ~4 min 00 s on this machine, 350.0 MiB of
// predictions", or "Long job: ..." in bold red above a minute. Shown as soon
// as the page has a set and made again after every change of the form's
// values (the selection included); hidden for values that run no network.
//
// The estimate (analysis::analysisCost) is made off the GUI thread, as it may
// load the dataset and, once per network shape, time one forward; one at a
// time, and an answer for values no longer shown is dropped.

#include <QLabel>

#include <memory>
#include <optional>

#include "core/evaluation/ForwardJobCost.h"

namespace modescape::analysis {
class Analysis;
class SetWorkspace;
}  // namespace modescape::analysis

namespace modescape::ui {

class ParameterForm;

class CostEstimateLabel : public QLabel {
    Q_OBJECT
  public:
    // Runs estimated at more than this read as a warning.
    static constexpr double kLongRunSeconds = 60;

    CostEstimateLabel(const analysis::Analysis& analysis,
                      std::shared_ptr<analysis::SetWorkspace> workspace, ParameterForm* form,
                      QWidget* parent);

    // Whether the line shown is the warning (a run above kLongRunSeconds).
    bool isLongRun() const { return longRun_; }

  Q_SIGNALS:
    // The line was updated (shown or hidden) for the values in the form.
    void estimateShown();

  private:
    // Estimates once the event loop turns, however often asked before.
    void request();
    void start();
    void display(int generation, const std::optional<evaluation::ForwardCost>& cost);

    const analysis::Analysis& analysis_;
    std::shared_ptr<analysis::SetWorkspace> workspace_;
    ParameterForm* form_;
    int generation_ = 0;  // bumped by every estimate; older answers are dropped
    bool requested_ = false;
    bool inFlight_ = false;
    bool pending_ = false;  // the values changed while an estimate ran
    bool longRun_ = false;
};

}  // namespace modescape::ui
