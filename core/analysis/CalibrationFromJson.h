#pragma once
// Readers of the pieces calibration::toJson writes (core/calibration/
// CalibrationJson.h) — metrics, diversity, detection, the ensemble-size
// curve, a paired histogram — for the result-cache files of "calibrate" and
// "uncertainty". A number written as null (non-finite) reads back as NaN;
// an fpr95 threshold written as null is +infinity (nothing flagged).
// Throws nlohmann::json's errors for a field missing or of another type.

#include <nlohmann/json.hpp>

#include "core/calibration/CalibrationReport.h"
#include "core/calibration/UncertaintyReport.h"

namespace modescape::analysis {

calibration::PredictionMetrics metricsFrom(const nlohmann::json& json);
calibration::MetricIntervals intervalsFrom(const nlohmann::json& json);
calibration::CalibrationCurves curvesFrom(const nlohmann::json& json);
calibration::DiversityMetrics diversityFrom(const nlohmann::json& json);
calibration::DetectionMetrics detectionFrom(const nlohmann::json& json);
// `order`: the member indices the curve added, in order (toJson writes their names).
calibration::EnsembleSizeCurve curveFrom(const nlohmann::json& json, const nlohmann::json& order);
calibration::PairedHistogram pairedHistogramFrom(const nlohmann::json& json);

}  // namespace modescape::analysis
