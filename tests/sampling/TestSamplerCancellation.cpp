// Cancelling each sampler, the set writer and make-set part-way: the job
// throws Cancelled at its next check (no report after the one that cancelled
// it) and leaves nothing on disk: no staging folder, no half-written set, the
// earlier set in place unchanged.
#include <QtTest>

#include <QDir>
#include <QTemporaryDir>

#include <filesystem>
#include <fstream>

#include "core/common/Error.h"
#include "core/data/Synthetic.h"
#include "core/model/Mlp.h"
#include "core/sampling/DemoRecipes.h"
#include "core/sampling/Hmc.h"
#include "core/sampling/SetWriter.h"
#include "core/sampling/SgMcmc.h"
#include "core/sampling/Swag.h"

using namespace modescape;
using namespace modescape::sampling;

namespace {

data::Dataset tinyMoons() {
    data::MoonsOptions o;
    o.n = 100;
    o.seed = 3;
    return data::makeMoons(o);
}

model::MlpModel tinyMlp(double dropout = 0.0) {
    model::MlpConfig c;
    c.widths = {2, 8, 2};
    c.dropout = dropout;
    return model::MlpModel(c);
}

// A context that cancels itself at its cancelAt-th report and counts every
// report; a job that honours the cancellation reports exactly cancelAt times.
struct CancellingContext {
    JobContext context;
    std::shared_ptr<int> reports = std::make_shared<int>(0);
    std::shared_ptr<std::vector<std::string>> messages =
        std::make_shared<std::vector<std::string>>();

    explicit CancellingContext(int cancelAt) {
        auto count = reports;
        auto said = messages;
        auto token = context.cancel;
        context.progress = [count, said, token, cancelAt](double, const std::string& message) {
            said->push_back(message);
            if (++*count == cancelAt)
                token.cancel();
        };
    }
};

// Every name in folder, hidden ones included, sorted.
QStringList namesIn(const QString& folder) {
    return QDir(folder).entryList(
        QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot, QDir::Name);
}

QString contentOf(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

std::vector<Member> someMembers(int count) {
    const auto mlp = tinyMlp();
    std::vector<Member> members;
    for (int i = 0; i < count; ++i)
        members.push_back({"m" + std::to_string(i),
                           "g",
                           mlp.initialParameters(static_cast<std::uint64_t>(i)),
                           {}});
    return members;
}

SetDescription tinyDescription() {
    SetDescription d;
    d.model = {{"builtin", "mlp"}, {"args", {{"widths", {2, 8, 2}}}}};
    d.datasets = {{"train", "moons:n=100,seed=3"}};
    return d;
}

}  // namespace

class TestSamplerCancellation : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    // SGD: the deep ensemble's members, MC dropout's training, SWAG's start.
    void sgdStopsAtTheNextBatch() {
        const auto mlp = tinyMlp(), dropoutMlp = tinyMlp(0.1);
        for (const bool dropout : {false, true}) {
            SgdOptions sgd;
            sgd.epochs = 20;
            sgd.batchSize = 25;
            sgd.dropout = dropout;
            const auto& model = dropout ? dropoutMlp : mlp;
            auto weights = model.initialParameters(1);
            CancellingContext job(2);
            QVERIFY_THROWS_EXCEPTION(Cancelled,
                                     trainSgd(model, weights, tinyMoons(), sgd, job.context));
            QCOMPARE(*job.reports, 2);  // of 20 epochs
        }
    }

    void swagStopsWhileCollecting() {
        const auto mlp = tinyMlp();
        SwagOptions swag;
        swag.collectEpochs = 20;
        swag.rank = 4;
        swag.samples = 5;
        swag.sgd.batchSize = 25;
        CancellingContext job(3);
        QVERIFY_THROWS_EXCEPTION(
            Cancelled, fitSwag(mlp, mlp.initialParameters(2), tinyMoons(), swag, job.context));
        QCOMPARE(*job.reports, 3);
    }

    void hmcStopsAtTheNextTrajectory() {
        const auto mlp = tinyMlp();
        HmcOptions hmc;
        hmc.burnIn = 10;
        hmc.samples = 10;
        hmc.leapfrogSteps = 5;
        CancellingContext job(4);
        QVERIFY_THROWS_EXCEPTION(
            Cancelled, runHmc(mlp, mlp.initialParameters(3), tinyMoons(), hmc, job.context));
        QCOMPARE(*job.reports, 4);  // of 20 trajectories
        QVERIFY(job.messages->back().rfind("HMC burn-in 4/20", 0) == 0);
    }

    void sgMcmcStopsInBothVariants() {
        const auto mlp = tinyMlp();
        for (const bool cyclical : {true, false}) {
            SgMcmcOptions mcmc;
            mcmc.cyclical = cyclical;
            mcmc.cycles = 2;
            mcmc.epochsPerCycle = 10;
            mcmc.burnInEpochs = 10;
            mcmc.samples = 4;
            mcmc.batchSize = 25;
            CancellingContext job(2);
            QVERIFY_THROWS_EXCEPTION(Cancelled, runSgMcmc(mlp, mlp.initialParameters(4),
                                                          tinyMoons(), mcmc, job.context));
            QCOMPARE(*job.reports, 2);
        }
    }

    // Cancelled while the third of six members is written: the staging folder
    // goes, the earlier set stays as it was.
    void setWriterCancelledMidWayLeavesTheEarlierSet() {
        QTemporaryDir dir;
        const QString folder = dir.filePath("set");
        writeCheckpointSet(folder.toStdString(), tinyDescription(), someMembers(2));
        const QString manifest = contentOf(folder + "/modescape.json");
        CancellingContext job(3);
        QVERIFY_THROWS_EXCEPTION(
            Cancelled, writeCheckpointSet(folder.toStdString(), tinyDescription(), someMembers(6),
                                          io::ReplacePolicy::OwnOutputOnly, job.context));
        QCOMPARE(*job.reports, 3);
        QCOMPARE(job.messages->back(), std::string("writing g/m2"));
        QCOMPARE(namesIn(dir.path()), QStringList({"set"}));
        QCOMPARE(contentOf(folder + "/modescape.json"), manifest);
        QCOMPARE(namesIn(folder + "/g"), QStringList({"m0.safetensors", "m1.safetensors"}));

        // Not cancelled, the same call replaces it.
        writeCheckpointSet(folder.toStdString(), tinyDescription(), someMembers(6));
        QCOMPARE(namesIn(folder + "/g").size(), 6);
        QCOMPARE(namesIn(dir.path()), QStringList({"set"}));
    }

    // make-set's recipe cancelled in its first stage: nothing is written.
    void makeSetCancelledWhileTrainingWritesNothing() {
        QTemporaryDir dir;
        const QString folder = dir.filePath("set");
        writeCheckpointSet(folder.toStdString(), tinyDescription(), someMembers(2));
        const QString manifest = contentOf(folder + "/modescape.json");
        CancellingContext job(2);
        QVERIFY_THROWS_EXCEPTION(Cancelled,
                                 makeRecipeSet("two-moons", folder.toStdString(), 0, job.context));
        QCOMPARE(*job.reports, 2);
        QCOMPARE(job.messages->front(), std::string("training the deep ensemble"));
        QCOMPARE(namesIn(dir.path()), QStringList({"set"}));
        QCOMPARE(contentOf(folder + "/modescape.json"), manifest);
    }
};

QTEST_APPLESS_MAIN(TestSamplerCancellation)
#include "TestSamplerCancellation.moc"
