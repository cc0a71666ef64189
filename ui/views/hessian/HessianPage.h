#pragma once
// The "Hessian" tab: the "hessian" analysis of one member (core/analysis/
// HessianAnalysis.h) drawn as its spectrum (SpectrumFigure: the density on a
// log axis with the top eigenvalues marked, or the top eigenvalues alone), and
// a table with one row per member computed so far (largest eigenvalue and
// trace), so members of one set can be compared (e.g. the flatness of
// ensemble members against SWAG samples). With --per-layer a third table
// lists each parameter tensor's own block: its largest eigenvalue and trace.

#include <memory>

#include "core/analysis/HessianAnalysis.h"
#include "ui/analysis/AnalysisPage.h"
#include "ui/rendering/FigureSource.h"
#include "ui/views/hessian/SpectrumFigure.h"

class QTableWidget;

namespace modescape::ui {

class SpectrumWidget;

// No signals or slots of its own (AnalysisPage has them), so no Q_OBJECT.
class HessianPage : public AnalysisPage, public FigureSource {
  public:
    HessianPage(JobRunner* runner, std::shared_ptr<analysis::SetWorkspace> workspace,
                QWidget* parent = nullptr);

    QImage exportImage(double scale, bool transparentBackground) override;
    FigurePaint figurePaint() override;

    SpectrumWidget* spectrum() const { return spectrum_; }
    QTableWidget* memberTable() const { return table_; }
    QTableWidget* layerTable() const { return layers_; }

  protected:
    void showResult(const std::any& result, bool complete) override;

  private:
    void addTableRow(const std::any& result);
    void fillLayerTable(const analysis::HessianResult& result);

    SpectrumWidget* spectrum_ = nullptr;
    QTableWidget* table_ = nullptr;
    QTableWidget* layers_ = nullptr;  // hidden unless the result has per-layer blocks
};

}  // namespace modescape::ui
