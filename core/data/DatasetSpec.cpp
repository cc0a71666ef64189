#include "core/data/DatasetSpec.h"

#include <charconv>
#include <filesystem>
#include <set>

#include "core/common/Error.h"
#include "core/data/ArrayReaders.h"
#include "core/data/CifarReader.h"
#include "core/data/CsvReader.h"
#include "core/data/IdxReader.h"
#include "core/data/Normalization.h"
#include "core/data/Synthetic.h"
#include "core/data/Transforms.h"

namespace modescape::data {

namespace {

struct KindRule {
    const char* kind;
    const char* usage;
    std::size_t minPositional, maxPositional;
    std::set<std::string> keys;
};

const std::vector<KindRule>& rules() {
    static const std::vector<KindRule> table = {
        {"fashion-mnist", "fashion-mnist:train | fashion-mnist:test", 1, 1, {}},
        {"idx", "idx:IMAGES,LABELS               (IDX files, .gz or plain)", 2, 2, {}},
        {"cifar10",
         "cifar10:PATH[,PATH...][,split=train|test]   (batch files or their folder)",
         1,
         6,
         {"split"}},
        {"cifar100",
         "cifar100:PATH[,split=train|test][,labels=fine|coarse]",
         1,
         2,
         {"split", "labels"}},
        {"npz", "npz:PATH[,x=NAME,y=NAME]", 1, 1, {"x", "y"}},
        {"npy", "npy:X.npy,Y.npy", 2, 2, {}},
        {"csv",
         "csv:PATH[,label=COLUMN]        (a header name or a 0-based index)",
         1,
         1,
         {"label"}},
        {"moons", "moons:n=1000,noise=0.1,seed=0", 0, 0, {"n", "noise", "seed"}},
        {"moons-ood",
         "moons-ood:n=200,radius=3,noise=0.1,seed=0",
         0,
         0,
         {"n", "noise", "seed", "radius"}},
        {"spirals",
         "spirals:n=1000,arms=2,turns=1,noise=0.05,seed=0",
         0,
         0,
         {"n", "arms", "turns", "noise", "seed"}},
        {"blobs",
         "blobs:n=1000,centers=3,dim=2,std=1,box=10,seed=0   (spread=S names std once mean= is "
         "given)",
         0,
         0,
         {"n", "centers", "dim", "std", "spread", "box", "seed"}},
    };
    return table;
}

const std::set<std::string> kCommonKeys = {"subset", "subset-seed", "norm", "mean", "std"};

// blobs has std= of its own (the clusters' spread): it means the normalisation's
// std only beside mean=, and spread= then gives the clusters' one.
bool kindOwnsStd(const DatasetSpec& spec) {
    return spec.kind == "blobs";
}

[[noreturn]] void badSpec(const std::string& text, const std::string& problem) {
    throw InvalidArgument("dataset spec '" + text + "': " + problem + ". Accepted forms:\n" +
                          acceptedDatasetSpecs());
}

const KindRule& ruleFor(const DatasetSpec& spec) {
    for (const auto& rule : rules())
        if (spec.kind == rule.kind)
            return rule;
    badSpec(spec.text, "unknown kind '" + spec.kind + "'");
}

template <typename T>
T number(const DatasetSpec& spec, const std::string& key, T fallback) {
    const auto it = spec.options.find(key);
    if (it == spec.options.end())
        return fallback;
    const std::string& s = it->second;
    T value{};
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (s.empty() || ec != std::errc() || end != s.data() + s.size())
        badSpec(spec.text, key + "='" + s + "' is not a valid number");
    return value;
}

std::string word(const DatasetSpec& spec, const std::string& key, const std::string& fallback,
                 std::initializer_list<const char*> allowed = {}) {
    const auto it = spec.options.find(key);
    const std::string value = it == spec.options.end() ? fallback : it->second;
    if (allowed.size() == 0)
        return value;
    std::string list;
    for (const char* a : allowed) {
        if (value == a)
            return value;
        list += (list.empty() ? "" : " or ") + std::string(a);
    }
    badSpec(spec.text, key + " must be " + list + ", got '" + value + "'");
}

std::string resolve(const std::string& path, const LoadOptions& options) {
    const std::filesystem::path p(path);
    if (p.is_absolute() || options.baseDir.empty())
        return path;
    return (std::filesystem::path(options.baseDir) / p).string();
}

Dataset loadFashionMnist(const DatasetSpec& spec, const LoadOptions& options) {
    const std::string& split = spec.positional[0];
    if (split != "train" && split != "test")
        badSpec(spec.text, "the split must be train or test");
    const std::string prefix = split == "train" ? "train" : "t10k";
    const std::filesystem::path dir(options.fashionMnistDir);
    const auto images = (dir / (prefix + "-images-idx3-ubyte.gz")).string();
    const auto labels = (dir / (prefix + "-labels-idx1-ubyte.gz")).string();
    for (const auto& file : {images, labels})
        if (!std::filesystem::exists(file))
            throw IoError(file,
                          "Fashion-MNIST is not installed; install it with "
                          "`sudo apt-get install dataset-fashion-mnist` (Debian / Ubuntu)");
    Dataset data = readIdxDataset(images, labels);
    data.name = "fashion-mnist (" + split + ")";
    return data;
}

Dataset loadCifar(const DatasetSpec& spec, const LoadOptions& options) {
    CifarVariant variant = CifarVariant::Cifar10;
    if (spec.kind == "cifar100")
        variant = word(spec, "labels", "fine", {"fine", "coarse"}) == "fine"
                      ? CifarVariant::Cifar100Fine
                      : CifarVariant::Cifar100Coarse;
    const bool train = word(spec, "split", "train", {"train", "test"}) == "train";
    std::vector<std::string> files;
    for (const auto& p : spec.positional) {
        const std::string path = resolve(p, options);
        if (std::filesystem::is_directory(path)) {
            for (auto& f : cifarSplitFiles(path, variant, train))
                files.push_back(f);
        } else {
            files.push_back(path);
        }
    }
    Dataset data = readCifarBatches(files, variant);
    data.name = spec.kind + (train ? " (train)" : " (test)");
    return data;
}

Dataset loadByKind(const DatasetSpec& spec, const LoadOptions& options) {
    const auto& k = spec.kind;
    const auto& pos = spec.positional;
    if (k == "fashion-mnist")
        return loadFashionMnist(spec, options);
    if (k == "idx")
        return readIdxDataset(resolve(pos[0], options), resolve(pos[1], options));
    if (k == "cifar10" || k == "cifar100")
        return loadCifar(spec, options);
    if (k == "npz")
        return readNpz(resolve(pos[0], options), word(spec, "x", "x"), word(spec, "y", "y"));
    if (k == "npy")
        return readNpyPair(resolve(pos[0], options), resolve(pos[1], options));
    if (k == "csv")
        return readCsv(resolve(pos[0], options), CsvOptions{word(spec, "label", ""), ','});
    if (k == "moons")
        return makeMoons({number<std::int64_t>(spec, "n", 1000), number<double>(spec, "noise", 0.1),
                          number<std::uint64_t>(spec, "seed", 0)});
    if (k == "moons-ood")
        return makeMoonsOod(
            {number<std::int64_t>(spec, "n", 200), number<double>(spec, "radius", 3.0),
             number<double>(spec, "noise", 0.1), number<std::uint64_t>(spec, "seed", 0)});
    if (k == "spirals")
        return makeSpirals({number<std::int64_t>(spec, "n", 1000),
                            number<std::int64_t>(spec, "arms", 2),
                            number<double>(spec, "turns", 1.0), number<double>(spec, "noise", 0.05),
                            number<std::uint64_t>(spec, "seed", 0)});
    if (k == "blobs")
        return makeBlobs(
            {number<std::int64_t>(spec, "n", 1000), number<std::int64_t>(spec, "centers", 3),
             number<std::int64_t>(spec, "dim", 2),
             number<double>(spec, spec.options.count("mean") ? "spread" : "std",
                            number<double>(spec, "spread", 1.0)),
             number<double>(spec, "box", 10.0), number<std::uint64_t>(spec, "seed", 0)});
    badSpec(spec.text, "unknown kind '" + k + "'");
}

DatasetRole inferredRole(const DatasetSpec& spec) {
    if (spec.kind == "moons-ood")
        return DatasetRole::Ood;
    if (spec.kind == "fashion-mnist" && spec.positional[0] == "test")
        return DatasetRole::Test;
    const auto split = spec.options.find("split");
    if (split != spec.options.end() && split->second == "test")
        return DatasetRole::Test;
    return DatasetRole::Train;
}

// The spec's own normalisation, else the default; constants or train statistics.
void normalize(Dataset& data, const DatasetSpec& spec, const LoadOptions& options) {
    std::string context = "dataset spec '" + spec.text + "'";
    NormalizationChoice choice = specNormalization(spec);
    std::string source = "given by the spec";
    if (!choice.specified() && !options.defaultNormalization.empty()) {
        context = options.defaultNormalizationSource + " '" + options.defaultNormalization +
                  "' for " + context;
        choice = parseNormalizationText(options.defaultNormalization, context);
        source = options.defaultNormalizationSource;
    }
    switch (choice.kind) {
        case NormalizationChoice::Kind::Unspecified:
        case NormalizationChoice::Kind::None:
            return;
        case NormalizationChoice::Kind::Constants:
            applyConstants(data, choice.constants, context);
            break;
        case NormalizationChoice::Kind::Train:
            if (options.trainStatistics) {
                applyConstants(data, options.trainStatistics(), context + " (norm=train)");
                source = "statistics of the train data" +
                         (options.trainDescription.empty() ? std::string()
                                                           : " '" + options.trainDescription + "'");
            } else if (data.role == DatasetRole::Train) {
                applyNormalization(data, computeChannelStats(data.inputs));
                source = "statistics of this train data";
            } else {
                throw InvalidArgument(context +
                                      ": norm=train needs the statistics of a train dataset, and "
                                      "there is none here; load it as part of a set with a "
                                      "'train' dataset, or give mean=a:b:c,std=a:b:c");
            }
            break;
    }
    data.normalizationSource = source;
}

}  // namespace

std::string acceptedDatasetSpecs() {
    std::string text;
    for (const auto& rule : rules())
        text += std::string("  ") + rule.usage + "\n";
    text +=
        "  (every form also takes subset=N[,subset-seed=S] and norm=none|train or "
        "mean=a:b:c,std=a:b:c;\n   relative paths are relative to the set's folder)";
    return text;
}

DatasetSpec parseDatasetSpec(const std::string& text) {
    DatasetSpec spec;
    spec.text = text;
    const auto colon = text.find(':');
    spec.kind = text.substr(0, colon);
    if (spec.kind.empty())
        badSpec(text, "it must start with a kind, as in KIND:ARGUMENTS");
    const KindRule& rule = ruleFor(spec);
    const std::string rest = colon == std::string::npos ? "" : text.substr(colon + 1);
    for (std::size_t start = 0; start < rest.size();) {
        auto end = rest.find(',', start);
        if (end == std::string::npos)
            end = rest.size();
        const std::string arg = rest.substr(start, end - start);
        start = end + 1;
        if (arg.empty())
            badSpec(text, "empty argument between commas");
        const auto eq = arg.find('=');
        if (eq == std::string::npos) {
            if (!spec.options.empty())
                badSpec(text, "'" + arg + "' must come before the key=value options");
            spec.positional.push_back(arg);
            continue;
        }
        const std::string key = arg.substr(0, eq);
        if (!rule.keys.count(key) && !kCommonKeys.count(key))
            badSpec(text, "'" + key + "' is not an option of " + spec.kind);
        if (!spec.options.emplace(key, arg.substr(eq + 1)).second)
            badSpec(text, "'" + key + "' is given twice");
    }
    if (spec.positional.size() < rule.minPositional || spec.positional.size() > rule.maxPositional)
        badSpec(text, spec.kind + " takes " +
                          (rule.minPositional == rule.maxPositional
                               ? std::to_string(rule.minPositional)
                               : std::to_string(rule.minPositional) + " to " +
                                     std::to_string(rule.maxPositional)) +
                          " path/word argument(s), got " + std::to_string(spec.positional.size()));
    specNormalization(spec);  // checks the normalisation options now
    return spec;
}

NormalizationChoice specNormalization(const DatasetSpec& spec) {
    return parseNormalization(spec.options, "dataset spec '" + spec.text + "'", kindOwnsStd(spec));
}

Dataset loadDataset(const std::string& spec, const LoadOptions& options) {
    return loadDataset(parseDatasetSpec(spec), options);
}

Dataset loadDataset(const DatasetSpec& spec, const LoadOptions& options) {
    ruleFor(spec);
    Dataset data = loadByKind(spec, options);
    if (spec.options.count("subset"))
        data = seededSubset(data, number<std::int64_t>(spec, "subset", 0),
                            number<std::uint64_t>(spec, "subset-seed", 0));
    data.role = options.role.value_or(inferredRole(spec));
    data.spec = spec.text;
    data.validate();
    if (!options.raw)
        normalize(data, spec, options);
    return data;
}

}  // namespace modescape::data
