#include "ui/analysis/RunElsewhereDialog.h"

#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <filesystem>

#include "core/analysis/Analysis.h"
#include "core/analysis/CommandLineOf.h"
#include "core/common/Log.h"
#include "core/io/AtomicFile.h"
#include "ui/analysis/AnalysisPage.h"
#include "ui/analysis/ParameterForm.h"

namespace modescape::ui {

namespace {

constexpr std::size_t kLauncherWords = 4;  // mpirun -np N modescape

// Whether the subcommand takes its output as --out (symmetry names its
// output folder in its own table).
bool takesOut(const analysis::Analysis& analysis) {
    for (const auto& spec : analysis.parameters())
        if (spec.name == "out")
            return false;
    return true;
}

}  // namespace

QString RunElsewhereDialog::defaultOutput(const AnalysisPage& page) {
    const std::string name = page.analysis().info().name;
    std::string suffix = page.analysis().resultFileSuffix();
    if (name == "connect" || name == "project")
        suffix = "csv";  // connect --out writes the path, project --out the map, as CSV
    if (suffix.empty() || suffix == "safetensors")
        suffix = name == "landscape" ? "h5" : "json";
    return QString::fromStdString(name + "." + suffix);
}

RunElsewhereDialog::RunElsewhereDialog(AnalysisPage& page, const io::CheckpointSet* set,
                                       QWidget* parent)
    : QDialog(parent), page_(page), set_(set) {
    setObjectName("run-elsewhere");
    setWindowTitle(
        tr("Run %1 elsewhere").arg(QString::fromStdString(page.analysis().info().title)));
    auto* layout = new QVBoxLayout(this);
    auto* intro = new QLabel(
        tr("Run this analysis on a cluster with MPI: every rank needs the set at the same "
           "path (a shared file system). Running the same command again resumes a killed job."),
        this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    auto* form = new QFormLayout;
    ranks_ = new QSpinBox(this);
    ranks_->setObjectName("run-elsewhere.ranks");
    ranks_->setRange(1, 100000);
    ranks_->setValue(4);
    form->addRow(tr("MPI ranks"), ranks_);
    out_ = new QLineEdit(defaultOutput(page), this);
    out_->setObjectName("run-elsewhere.out");
    out_->setEnabled(takesOut(page.analysis()));
    form->addRow(tr("Output file"), out_);
    layout->addLayout(form);

    problem_ = new QLabel(this);
    problem_->setObjectName("run-elsewhere.problem");
    problem_->setWordWrap(true);
    layout->addWidget(problem_);
    layout->addWidget(new QLabel(tr("Command line"), this));
    command_ = new QPlainTextEdit(this);
    command_->setObjectName("run-elsewhere.command");
    command_->setReadOnly(true);
    command_->setMaximumHeight(command_->fontMetrics().lineSpacing() * 5);
    layout->addWidget(command_);
    layout->addWidget(new QLabel(tr("Slurm batch script (sbatch)"), this));
    script_ = new QPlainTextEdit(this);
    script_->setObjectName("run-elsewhere.script");
    script_->setReadOnly(true);
    layout->addWidget(script_, 1);

    auto* buttons = new QHBoxLayout;
    auto* copy = new QPushButton(tr("Copy command"), this);
    copy->setObjectName("run-elsewhere.copy");
    auto* save = new QPushButton(tr("Save script..."), this);
    save->setObjectName("run-elsewhere.save");
    follow_ = new QPushButton(tr("Follow result file"), this);
    follow_->setObjectName("run-elsewhere.follow");
    follow_->setToolTip(tr("Show the output file in this page as the job fills it"));
    follow_->setEnabled(page.canFollowResultFile());
    auto* close = new QPushButton(tr("Close"), this);
    buttons->addWidget(copy);
    buttons->addWidget(save);
    buttons->addWidget(follow_);
    buttons->addStretch(1);
    buttons->addWidget(close);
    layout->addLayout(buttons);
    resize(720, 520);

    connect(ranks_, &QSpinBox::valueChanged, this, [this] { rebuild(); });
    connect(out_, &QLineEdit::textChanged, this, [this] { rebuild(); });
    connect(copy, &QPushButton::clicked, this,
            [this] { QApplication::clipboard()->setText(commandText()); });
    connect(save, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Save batch script"),
            QString::fromStdString(page_.analysis().info().name) + ".sbatch",
            tr("Batch scripts (*.sbatch *.sh)"));
        if (!path.isEmpty())
            saveScript(path);
    });
    connect(follow_, &QPushButton::clicked, this, [this] {
        if (page_.followResultFile(outputPath()))
            accept();
    });
    connect(close, &QPushButton::clicked, this, &QDialog::reject);
    rebuild();
}

QString RunElsewhereDialog::outputPath() const {
    return out_->isEnabled() ? out_->text().trimmed() : QString();
}

void RunElsewhereDialog::rebuild() {
    words_.clear();
    problem_->clear();
    try {
        const analysis::ParameterValues values = page_.form()->values(set_);
        words_ = {"mpirun", "-np", std::to_string(ranks_->value()), "modescape"};
        for (auto& word : analysis::commandLineArguments(page_.analysis(), values))
            words_.push_back(std::move(word));
        if (!outputPath().isEmpty()) {
            words_.push_back("--out");
            words_.push_back(outputPath().toStdString());
        }
    } catch (const std::exception& e) {
        words_.clear();
        problem_->setText(QString::fromStdString(e.what()));
    }
    command_->setPlainText(commandText());
    script_->setPlainText(sbatchScript());
}

QString RunElsewhereDialog::commandText() const {
    return QString::fromStdString(analysis::shellCommand(words_));
}

QString RunElsewhereDialog::sbatchScript() const {
    if (words_.size() <= kLauncherWords)
        return {};
    const std::vector<std::string> job(words_.begin() + kLauncherWords, words_.end());
    const std::string name = page_.analysis().info().name;
    const std::string ranks = words_[2];
    const std::string text =
        "#!/bin/bash\n"
        "#SBATCH --job-name=modescape-" +
        name +
        "\n"
        "#SBATCH --ntasks=" +
        ranks +
        "\n"
        "#SBATCH --cpus-per-task=4\n"
        "#SBATCH --time=04:00:00\n"
        "# On GPU nodes, one rank per GPU (each rank takes its own device):\n"
        "##SBATCH --gpus-per-task=1\n"
        "#\n"
        "# Every rank reads the set at the same path: keep it on a shared file system.\n"
        "# Submitting the same script again resumes a killed or timed-out job.\n"
        "srun modescape --progress lines " +
        analysis::shellCommand(job) + "\n";
    return QString::fromStdString(text);
}

bool RunElsewhereDialog::saveScript(const QString& path) {
    try {
        io::writeFileAtomically(path.toStdString(), sbatchScript().toStdString());
        std::filesystem::permissions(
            path.toStdString(),
            std::filesystem::perms::owner_exec | std::filesystem::perms::group_exec,
            std::filesystem::perm_options::add);
        problem_->setText(tr("Saved %1").arg(path));
        log::info("saved batch script " + path.toStdString());
        return true;
    } catch (const std::exception& e) {
        problem_->setText(QString::fromStdString(e.what()));
        log::error(e.what());
        return false;
    }
}

}  // namespace modescape::ui
