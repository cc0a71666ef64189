// The cost shown before a function-space job: FLOPs per sample from the weight
// shapes (hand-worked for ResNet-18 and an MLP), the warning for a long job,
// and the CPU forwards kept short enough for Cancel.
#include <QtTest>

#include <ATen/ATen.h>

#include <nlohmann/json.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "core/common/Log.h"
#include "core/evaluation/Evaluator.h"
#include "core/evaluation/ForwardCost.h"
#include "core/jobs/ProgressPart.h"
#include "core/model/ModelFactory.h"

using namespace modescape;

class TestForwardCost : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    // conv1 1,728 weights at 32 x 32; layer1 4 x 36,864 at 32 x 32; layers 2-4
    // each 524,288 x 4^(L-2) weights at 1/4^(L-1) of the positions; linear
    // 5,120. 2 x (1,728 + 147,456) x 1,024 + 3 x 2 x 524,288 x 256 + 2 x 5,120.
    void resnet18FlopsPerImage() {
        const auto m = model::makeBuiltinModel("resnet18", nlohmann::json{{"num_classes", 10}});
        const double flops = evaluation::estimateForwardFlops(m->parameterSpec(), {3, 32, 32});
        QCOMPARE(flops, 1110845440.0);
    }

    void mlpFlopsAreTwiceTheMatrices() {
        const auto m = model::makeBuiltinModel("mlp", nlohmann::json{{"widths", {2, 32, 32, 2}}});
        QCOMPARE(evaluation::estimateForwardFlops(m->parameterSpec(), {2}), 2.0 * (64 + 1024 + 64));
    }

    void shortJobsStartSilentlyLongOnesWarn() {
        const auto m = model::makeBuiltinModel("mlp", nlohmann::json{{"widths", {2, 32, 32, 2}}});
        data::Dataset data;
        data.inputs = at::randn({16, 2});
        std::vector<std::string> warnings;
        const int sink = log::addSink([&](log::Level level, const std::string& text) {
            if (level == log::Level::Warning)
                warnings.push_back(text);
        });
        const auto small = evaluation::warnIfLongForwardJob(*m, m->initialParameters(1), data, 10,
                                                            500, "--members");
        QCOMPARE(small.flops, 10 * 500 * 2304.0);
        QCOMPARE(small.seconds, 0.0);  // far below what is worth measuring
        QVERIFY(warnings.empty());
        // 10^9 members x 10^3 samples: 2.3 PFLOP, days on any CPU.
        const auto huge = evaluation::warnIfLongForwardJob(*m, m->initialParameters(1), data,
                                                           1000000000, 1000, "--members");
        log::removeSink(sink);
        QVERIFY(huge.secondsPerSample > 0);
        QCOMPARE(warnings.size(), std::size_t(1));
        QVERIFY2(warnings[0].find("about 2.3 PFLOP, roughly ") != std::string::npos,
                 warnings[0].c_str());
        QVERIFY(warnings[0].find("use --members to shorten") != std::string::npos);
    }

    // The estimate the window shows: FLOPs and the predictions' bytes, and the
    // rate measured once per network shape (weights are read only then).
    void estimatesCountBytesAndMeasureTheRateOnce() {
        const auto m = model::makeBuiltinModel("mlp", nlohmann::json{{"widths", {2, 16, 5}}});
        data::Dataset data;
        data.inputs = at::randn({16, 2});
        data.numClasses = 5;
        int reads = 0;
        const auto weights = [&] {
            ++reads;
            return m->initialParameters(1);
        };
        // 2 x (32 + 80) = 224 FLOPs per sample; 4 x 7 x 100 x 5 = 14,000 bytes.
        const auto small = evaluation::estimateForwardJob(*m, weights, data, 7, 100);
        QCOMPARE(small.flops, 7 * 100 * 224.0);
        QCOMPARE(small.bytes, 14000.0);
        QCOMPARE(reads, 0);  // not worth measuring
        QCOMPARE(evaluation::describeForwardJob(small),
                 std::string("\u2248 156.8 kFLOP, 13.7 KiB of predictions"));
        // 10^9 members x 10^3 samples: measured once, then the kept rate.
        const auto first = evaluation::estimateForwardJob(*m, weights, data, 1000000000, 1000);
        QCOMPARE(reads, 1);
        QVERIFY(first.seconds > 0);
        const auto again = evaluation::estimateForwardJob(*m, weights, data, 1000000000, 2000);
        QCOMPARE(reads, 1);
        QCOMPARE(again.secondsPerSample, first.secondsPerSample);
        QCOMPARE(again.seconds, 2 * first.seconds);
    }

    // Cancel is checked between forwards: on the CPU a forward holds at most
    // 10^10 estimated FLOPs. ResNet-18 at 1,110,845,440 FLOPs per CIFAR image:
    // floor(10^10 / 1.11e9) = 9 images; an MLP keeps the batch it was given.
    void forwardsStayShortEnoughToCancel() {
        QCOMPARE(evaluation::cancellableBatch(1110845440.0, 1024), std::int64_t(9));
        QCOMPARE(evaluation::cancellableBatch(2304.0, 1024), std::int64_t(1024));
        QCOMPARE(evaluation::cancellableBatch(5e10, 1024), std::int64_t(1));  // one sample
        QCOMPARE(evaluation::cancellableBatch(0.0, 64), std::int64_t(64));
        // predictProbabilities forwards ResNet-18's 10 images as 9 + 1: two
        // progress reports, and a cancel before the second forward stops it.
        const auto m = model::makeBuiltinModel("resnet18", nlohmann::json{{"num_classes", 10}});
        data::Dataset data;
        data.inputs = at::rand({10, 3, 32, 32});
        data.labels = at::zeros({10}, at::kLong);
        JobContext context;
        std::vector<double> fractions;
        context.progress = [&](double fraction, const std::string&) {
            fractions.push_back(fraction);
            context.cancel.cancel();
        };
        QVERIFY_THROWS_EXCEPTION(Cancelled, evaluation::predictProbabilities(
                                                *m, m->initialParameters(1), data, context));
        QCOMPARE(fractions, (std::vector<double>{0.9}));

        // Inside a pass over members, member i's forwards move the job from
        // its share's start to its end (progressPart): here [0.5, 0.6].
        JobContext job;
        std::vector<double> outer;
        job.progress = [&](double fraction, const std::string&) { outer.push_back(fraction); };
        evaluation::predictProbabilities(*m, m->initialParameters(1), data,
                                         progressPart(job, 0.5, 0.6));
        QCOMPARE(outer.size(), std::size_t(2));
        // 0.5 + 0.1 x 0.9 and 0.5 + 0.1 x 1, each rounded once or twice.
        QVERIFY(std::abs(outer[0] - 0.59) < 1e-15 && std::abs(outer[1] - 0.6) < 1e-15);
    }
};

QTEST_GUILESS_MAIN(TestForwardCost)
#include "TestForwardCost.moc"
