#pragma once
// The calibration report as JSON, in the shape `modescape calibrate --json`
// prints (issue 7):
// {"selection":[names],
//  "bma":{"accuracy","nll","brier","ece","mce","rmsce","adaptive_ece","aurc","smooth_ece",
//         "signed_ece","classwise_ece","mean_confidence","samples",
//         "ci":{each metric:{"lower","upper"},"resamples","seed","level":0.95} (--bootstrap)},
//  "members":[{"index","name", the same metrics}, ...],
//  "groups":[{"name","members":[names], metrics..., "diversity":{...}}, ...],
//  "binning":{"strategy":"equal_width"|"equal_mass","bins":B},
//  "bins":[{"lower","upper","count","confidence","accuracy","signed_gap",
//           "accuracy_ci":{"lower","upper"} (--bootstrap)}, ...]   (non-empty bins),
//  "curves":{"risk_coverage":{"coverage":[...],"risk":[...]},
//            "smooth_reliability":{"bandwidth","confidence","accuracy","density"}} (the BMA's),
//  "diversity":{"members","disagreement","mutual_information","predictive_entropy",
//               "expected_entropy","log":"natural"},
//  "ood":{"score","auroc","aupr","fpr95","fpr95_threshold","fpr95_recall","samples",
//         "by_score":{"max_probability":{...},...},"diversity":{...}}        (OOD split only),
//  "pairwise_mutual_information":{"members":[names],"in_distribution":[condensed],
//                                 "out_of_distribution":[condensed]}      (on request),
//  "ensemble_size":{"seed","order":[names],"points":[{"size", metrics... (aurc,
//                   smooth_ece, signed_ece, classwise_ece null: not computed per point),
//                   "diversity":{...},"ood":{...}}]}                      (on request)}
// An infinite fpr95_threshold (nothing flagged) is written as null.

#include <nlohmann/json_fwd.hpp>

#include "core/calibration/CalibrationReport.h"
#include "core/calibration/UncertaintyReport.h"

namespace modescape::calibration {

nlohmann::json toJson(const PredictionMetrics& metrics);
nlohmann::json toJson(const MetricIntervals& intervals);
nlohmann::json toJson(const CalibrationCurves& curves);
nlohmann::json toJson(const DiversityMetrics& diversity);
nlohmann::json toJson(const DetectionMetrics& detection);
nlohmann::json toJson(const CalibrationBin& bin);
// memberNames maps member indices to names (the set's names).
nlohmann::json toJson(const CalibrationReport& report, const std::vector<std::string>& memberNames);

// {"lower","upper","centres":[...],"in_distribution":[fractions],
//  "out_of_distribution":[fractions] (when there are outside values)}
nlohmann::json toJson(const PairedHistogram& histogram);
// The ensemble-size curve as in "ensemble_size" above.
nlohmann::json toJson(const EnsembleSizeCurve& curve, const std::vector<std::string>& memberNames);

// What `modescape uncertainty --json` prints (besides the set and the parameters):
// {"selection":[names], "diversity":{...}, "ensemble_size":{...},
//  "ood":{"samples","diversity":{...},"scores":{"max_probability":{"auroc","aupr","fpr95",
//         "fpr95_threshold","fpr95_recall","histogram":{...},
//         "in_distribution":[per sample],"out_of_distribution":[per sample]}, ...}}
//        (OOD split only; the per-sample scores when perSample),
//  "pairwise_mutual_information":{"members":[names],"in_distribution":[condensed],
//        "out_of_distribution":[condensed],"histogram":{...}}  (or null when left out)}
nlohmann::json toJson(const UncertaintyReport& report, const std::vector<std::string>& memberNames,
                      bool perSample);

}  // namespace modescape::calibration
