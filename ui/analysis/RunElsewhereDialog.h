#pragma once
// "Run elsewhere...": hands the current page's analysis to a cluster. Shows
// the exact command line that computes it with the form's values under
// `mpirun -np N` (core/analysis/CommandLineOf.h), an sbatch script around it
// (`srun`, one rank per task; Save... writes it atomically), and "Follow
// result file", which has the page show the output file as the job fills it
// (the landscape: its .h5 and the journal of points beside it). Re-running
// the same command resumes a killed job (docs/mpi.md).

#include <QDialog>

#include <string>
#include <vector>

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;

namespace modescape::io {
struct CheckpointSet;
}

namespace modescape::ui {

class AnalysisPage;

class RunElsewhereDialog : public QDialog {
    Q_OBJECT
  public:
    // `set`: the page's open set (its folder is the command's SET); may be null.
    RunElsewhereDialog(AnalysisPage& page, const io::CheckpointSet* set, QWidget* parent = nullptr);

    // The command line's words: mpirun -np N modescape SUBCOMMAND ... --out
    // FILE; empty when the form's values are refused (the reason is shown).
    const std::vector<std::string>& commandWords() const { return words_; }
    // What the dialog shows: the words quoted for a POSIX shell.
    QString commandText() const;
    QString sbatchScript() const;
    // Writes the script (atomically, executable); false after saying why.
    bool saveScript(const QString& path);
    QString outputPath() const;

    // The file name a page's --out gets by default ("landscape.h5").
    static QString defaultOutput(const AnalysisPage& page);

  private:
    void rebuild();

    AnalysisPage& page_;
    const io::CheckpointSet* set_;
    std::vector<std::string> words_;  // with mpirun; the analysis's part from index 4
    QSpinBox* ranks_ = nullptr;
    QLineEdit* out_ = nullptr;
    QPlainTextEdit* command_ = nullptr;
    QPlainTextEdit* script_ = nullptr;
    QLabel* problem_ = nullptr;
    QPushButton* follow_ = nullptr;
};

}  // namespace modescape::ui
