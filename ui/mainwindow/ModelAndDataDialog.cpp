#include "ui/mainwindow/ModelAndDataDialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include "core/common/Error.h"
#include "core/common/Log.h"
#include "core/data/DatasetAssignment.h"
#include "core/io/set/SidecarManifest.h"
#include "core/model/ModelSpecText.h"

namespace modescape::ui {
namespace {

QString recognitionLine(const io::CheckpointSet& set) {
    if (set.modelSource == "recognised")
        return QObject::tr("Recognised from the tensors: %1")
            .arg(QString::fromStdString(set.recognition));
    if (set.model.kind == io::ModelSpec::Kind::None)
        return QString::fromStdString(set.recognition);
    return QObject::tr("Model from the %1").arg(QString::fromStdString(set.modelSource));
}

}  // namespace

ModelAndDataDialog::ModelAndDataDialog(const io::CheckpointSet& set, const QString& sidecarPath,
                                       QWidget* parent)
    : QDialog(parent), folder_(set.folder) {
    setWindowTitle(tr("Model and data"));
    auto* intro = new QLabel(
        tr("Evaluating the members of %1 needs a model and data. %2.")
            .arg(QString::fromStdString(set.folder), recognitionLine(set).toHtmlEscaped()),
        this);
    intro->setWordWrap(true);

    model_ = new QLineEdit(QString::fromStdString(model::modelSpecText(set.model)), this);
    model_->setPlaceholderText("resnet18:num_classes=100,norm=frn  or  model.ts");
    model_->setToolTip(QString::fromStdString(model::acceptedModelSpecs()));
    QStringList lines;
    for (const io::DatasetSpec& d : set.datasets)
        lines << QString::fromStdString(d.role + "=" + d.spec);
    datasets_ = new QPlainTextEdit(lines.join('\n'), this);
    datasets_->setPlaceholderText("test=cifar10:/path/to/cifar-10-batches-bin,split=test");
    datasets_->setTabChangesFocus(true);
    normalization_ = new QLineEdit(QString::fromStdString(set.defaultNormalization), this);
    normalization_->setPlaceholderText(tr("none: inputs as loaded"));
    problem_ = new QLabel(this);
    problem_->setWordWrap(true);
    problem_->setStyleSheet("color: #b00020");
    problem_->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* form = new QFormLayout;
    form->addRow(tr("Model"), model_);
    form->addRow(tr("Datasets (ROLE=SPEC per line)"), datasets_);
    form->addRow(tr("Default normalisation"), normalization_);
    auto* where = new QLabel(tr("Saved as %1").arg(sidecarPath), this);
    where->setWordWrap(true);
    auto* buttons = new QDialogButtonBox(this);
    buttons->addButton(tr("Save"), QDialogButtonBox::AcceptRole);
    buttons->addButton(tr("Skip"), QDialogButtonBox::RejectRole);
    connect(buttons, &QDialogButtonBox::accepted, this, &ModelAndDataDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &ModelAndDataDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(where);
    layout->addWidget(problem_);
    layout->addWidget(buttons);
    resize(640, sizeHint().height());
}

QString ModelAndDataDialog::modelText() const {
    return model_->text().trimmed();
}

QString ModelAndDataDialog::datasetsText() const {
    return datasets_->toPlainText();
}

QString ModelAndDataDialog::normalizationText() const {
    return normalization_->text().trimmed();
}

QString ModelAndDataDialog::problem() const {
    return problem_->text();
}

io::SetOverrides ModelAndDataDialog::answer() const {
    io::SetOverrides answer;
    answer.source = "sidecar";
    if (!modelText().isEmpty())
        answer.model = model::parseModelSpecText(modelText().toStdString(), folder_);
    for (const QString& line : datasetsText().split('\n', Qt::SkipEmptyParts)) {
        const std::string text = line.trimmed().toStdString();
        if (!text.empty())
            answer.datasets.push_back(
                data::parseDatasetAssignment(text, "dataset line '" + text + "'"));
    }
    answer.defaultNormalization = normalizationText().toStdString();
    return answer;
}

void ModelAndDataDialog::accept() {
    try {
        answer();
    } catch (const InvalidArgument& e) {
        problem_->setText(QString::fromStdString(e.what()));
        return;
    }
    problem_->clear();
    QDialog::accept();
}

bool needsModelAndData(const io::CheckpointSet& set) {
    return set.model.kind == io::ModelSpec::Kind::None || set.datasets.empty();
}

void askForModelAndData(QWidget* parent, const io::CheckpointSet& set, const QString& setPath,
                        std::function<void()> saved, std::function<void()> skipped) {
    const std::string sidecar = io::sidecarManifestPath(setPath.toStdString());
    auto* dialog = new ModelAndDataDialog(set, QString::fromStdString(sidecar), parent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setModal(false);  // the window stays usable; the set is already shown
    QObject::connect(dialog, &QDialog::accepted, dialog, [dialog, sidecar, saved] {
        try {
            io::writeSidecarManifest(sidecar, dialog->answer());
            log::info(sidecar + ": saved the set's model and data");
        } catch (const Error& e) {
            log::error(e.what());
            return;
        }
        if (saved)
            saved();
    });
    QObject::connect(dialog, &QDialog::rejected, dialog, [skipped] {
        if (skipped)
            skipped();
    });
    dialog->show();
}

}  // namespace modescape::ui
