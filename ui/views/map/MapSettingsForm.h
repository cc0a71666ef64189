#pragma once
// The map's display settings, below the projection's parameters in the
// properties dock: what colours the points — group, test accuracy, test NLL
// or any metadata column of the members (seed, epoch, method ...) — what
// labels them (nothing, the member's name or any metadata column), and a
// button that shows all points again after a zoom. What is projected is the
// "project" analysis's form (ui/analysis/ParameterForm.h).

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
    // The labels as a word: "" (none), "name" or "meta:KEY" (sessions keep it).
    QString labelWord() const;
    bool setLabelWord(const QString& word);
    // Offers these metadata keys (replacing those offered before) to both choices.
    void setMetadataKeys(const QStringList& keys);

  Q_SIGNALS:
    void colouringChanged(const QString& word);
    void labelChanged(const QString& word);
    void showAllPointsClicked();

  private:
    QComboBox* colouring_;
    QComboBox* labels_;
};

}  // namespace modescape::ui
