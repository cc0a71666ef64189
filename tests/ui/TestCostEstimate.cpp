// Issue 13, item 6: the estimated cost of a run is shown on the analysis page
// (under Compute) as soon as a set is open, before anything starts, and follows
// the values and the member selection; a long run is shown as a warning.
//
// The set: six MLPs 2-8-8-3 on 64 moons (tests/symmetry/SymmetrySetFixture.h).
// FLOPs per sample, by hand (2 x the entries of each weight matrix, biases not
// counted): 2 x (2 x 8 + 8 x 8 + 8 x 3) = 208. Predictions: 4 bytes x 3 classes
// per member and sample.
#include <QtTest>

#include <QTemporaryDir>

#include "core/analysis/Analysis.h"
#include "core/analysis/AnalysisCost.h"
#include "core/analysis/Registry.h"
#include "core/analysis/SetWorkspace.h"
#include "core/io/set/OpenSet.h"
#include "tests/common/EventWait.h"
#include "tests/symmetry/SymmetrySetFixture.h"
#include "ui/analysis/AnalysisPage.h"
#include "ui/analysis/CostEstimateLabel.h"
#include "ui/analysis/ParameterForm.h"

using namespace modescape;
using modescape::test::waitUntil;

namespace {

// A page that draws nothing: only the lifecycle and its footer are tested.
class BarePage : public ui::AnalysisPage {
  public:
    using AnalysisPage::AnalysisPage;

    QImage exportImage(double, bool) override { return {}; }

  protected:
    void showResult(const std::any&, bool) override {}
};

// An analysis whose estimate is a long job: 2.1 TFLOP, 4 minutes, 350 MB.
class SlowAnalysis : public analysis::Analysis, public analysis::EstimatesCost {
  public:
    const analysis::AnalysisInfo& info() const override {
        static const analysis::AnalysisInfo info{"slow", "Slow", "A long job."};
        return info;
    }
    const analysis::ParameterList& parameters() const override {
        static const analysis::ParameterList list{analysis::setParameter()};
        return list;
    }
    std::optional<evaluation::ForwardCost> estimateCost(
        analysis::SetWorkspace&, const analysis::ParameterValues&) const override {
        evaluation::ForwardCost cost;
        cost.flops = 2.1e12;
        cost.seconds = 240;
        cost.bytes = 350e6;
        return cost;
    }
    std::any run(analysis::SetWorkspace&, const analysis::ParameterValues&, const JobContext&,
                 const analysis::RunOptions&) const override {
        return {};
    }
    nlohmann::json resultJson(const std::any&) const override { return {}; }
};

ui::CostEstimateLabel* costLabel(ui::AnalysisPage& page) {
    return page.propertiesWidget()->findChild<ui::CostEstimateLabel*>(
        QString::fromStdString(page.analysis().info().name + ".cost"));
}

// Turns the event loop until the page's cost line reads `text` (a test that
// never sees it is stopped by its CTest timeout and shows the last text).
void waitForCost(ui::AnalysisPage& page, const QString& text) {
    ui::CostEstimateLabel* label = costLabel(page);
    QVERIFY(label);
    waitUntil([&] { return label->text() == text; });
}

}  // namespace

class TestCostEstimate : public QObject {
    Q_OBJECT
  private:
    QTemporaryDir dir_;
    std::shared_ptr<analysis::SetWorkspace> workspace_;

  private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        qputenv("XDG_CACHE_HOME", (dir_.path() + "/cache").toUtf8());
        const std::string folder = dir_.path().toStdString() + "/set";
        symmetry::test::writeSymmetrySet(folder);
        workspace_ =
            std::make_shared<analysis::SetWorkspace>(io::openCheckpointSet(folder, JobContext{}),
                                                     dir_.path().toStdString() + "/predictions");
        QCOMPARE(workspace_->set().members.size(), std::size_t(6));
    }

    void calibrateShowsItsCostAndFollowsTheSelection() {
        BarePage page(analysis::analysisNamed("calibrate"), nullptr, workspace_);
        // All 6 members on the 64 test samples: 6 x 64 x 208 = 79,872 FLOP;
        // 4 x 6 x 64 x 3 = 4,608 bytes = 4.5 KiB.
        waitForCost(page, "Estimated cost: \u2248 79.9 kFLOP, 4.5 KiB of predictions");
        QVERIFY(costLabel(page)->isVisibleTo(page.propertiesWidget()));
        QVERIFY(!costLabel(page)->isLongRun());
        // Two members selected: 2 x 64 x 208 = 26,624 FLOP; 1,536 bytes = 1.5 KiB.
        const auto& members = workspace_->set().members;
        page.setSelection(
            {QString::fromStdString(members[0].name), QString::fromStdString(members[3].name)});
        waitForCost(page, "Estimated cost: \u2248 26.6 kFLOP, 1.5 KiB of predictions");
    }

    void mapShowsItsCostOnlyInFunctionSpace() {
        BarePage page(analysis::analysisNamed("project"), nullptr, workspace_);
        QSignalSpy shown(costLabel(page), &ui::CostEstimateLabel::estimateShown);
        modescape::test::waitForSignals(shown);
        // The weights are compared: no network runs, no cost line.
        QVERIFY(!costLabel(page)->isVisibleTo(page.propertiesWidget()));
        // Function space on the first 40 samples: 6 x 40 x 208 = 49,920 FLOP;
        // 4 x 6 x 40 x 3 = 2,880 bytes = 2.8 KiB.
        page.form()->setValues({{"method", "mds"}, {"space", "function"}, {"samples", 40}});
        waitForCost(page, "Estimated cost: \u2248 49.9 kFLOP, 2.8 KiB of predictions");
        QVERIFY(costLabel(page)->isVisibleTo(page.propertiesWidget()));
        // --samples 10: 6 x 10 x 208 = 12,480 FLOP; 720 bytes.
        page.form()->setValues({{"method", "mds"}, {"space", "function"}, {"samples", 10}});
        waitForCost(page, "Estimated cost: \u2248 12.5 kFLOP, 720 bytes of predictions");
    }

    void landscapeCountsGridPointsAndSubset() {
        BarePage page(analysis::analysisNamed("landscape"), nullptr, workspace_);
        // 5 x 3 grid points on a subset of 20 samples: 15 x 20 x 208 = 62,400
        // FLOP; a landscape keeps no predictions.
        page.form()->setValues({{"grid", "-1:1:5,-1:1:3"}, {"subset", 20}});
        waitForCost(page, "Estimated cost: \u2248 62.4 kFLOP");
        page.form()->setValues({{"grid", "-1:1:5,-1:1:3"}, {"subset", 10}});
        waitForCost(page, "Estimated cost: \u2248 31.2 kFLOP");
    }

    void aLongRunIsAWarning() {
        static const SlowAnalysis slow;
        BarePage page(slow, nullptr, workspace_);
        // 350e6 bytes = 333.8 MiB; 240 s = "4 min 00 s".
        waitForCost(page,
                    "Long job: \u2248 2.1 TFLOP, ~4 min 00 s on this machine, 333.8 MiB of "
                    "predictions");
        QVERIFY(costLabel(page)->isLongRun());
    }
};

QTEST_MAIN(TestCostEstimate)
#include "TestCostEstimate.moc"
