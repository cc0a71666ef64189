#pragma once
// The map's display settings, below the projection's parameters in the
// properties dock: what colours the points — group, test accuracy, test NLL
// or any metadata column of the members (seed, epoch, method ...). What is
// projected is the "project" analysis's form (ui/analysis/ParameterForm.h).

#include <QString>
#include <QStringList>
#include <QWidget>

class QComboBox;

namespace modescape::ui {

class MapSettingsForm : public QWidget {
    Q_OBJECT
  public:
    explicit MapSettingsForm(QWidget* parent = nullptr);

    // The choice as a word: "group", "accuracy", "nll" or "meta:KEY" (sessions keep it).
    QString colouringWord() const;
    // Chooses by word; false when the word is not offered.
    bool setColouringWord(const QString& word);
    // Offers these metadata keys (replacing those offered before).
    void setMetadataKeys(const QStringList& keys);

  Q_SIGNALS:
    void colouringChanged(const QString& word);

  private:
    QComboBox* colouring_;
};

}  // namespace modescape::ui
