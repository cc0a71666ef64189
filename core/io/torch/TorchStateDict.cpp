#include "core/io/torch/TorchStateDict.h"

#include <unordered_set>

#include "core/common/Error.h"
#include "core/common/Log.h"
#include "core/io/pickle/PickleJson.h"
#include "core/io/pickle/Unpickler.h"

namespace modescape::io::torchfile {

using pickle::Kind;
using pickle::Value;

namespace {

std::string join(const std::string& prefix, const std::string& key) {
    return prefix.empty() ? key : prefix + "." + key;
}

// Walks the value graph collecting tensors. Pickles can share and cycle
// (memo), so it guards the current path against cycles and bounds the total
// work so that shared structure cannot blow up exponentially.
class TensorCollector {
  public:
    TensorCollector(const std::string& path, std::size_t budget) : path_(path), budget_(budget) {}

    void walk(const Value* v, const std::string& name, int depth) {
        if (!v || onPath_.count(v))
            return;
        if (depth > pickle::kMaxNestingDepth || budget_ == 0) {
            if (!truncatedWarned_)
                log::warning(path_ +
                             ": nesting too deep; some objects were not searched for tensors");
            truncatedWarned_ = true;
            return;
        }
        --budget_;
        switch (v->kind) {
            case Kind::Tensor:
                add(name, v->tensor);
                return;
            case Kind::Dict:
                break;
            case Kind::List:
            case Kind::Tuple:
                break;
            case Kind::Object:
                break;
            default:
                return;
        }
        onPath_.insert(v);
        if (v->kind == Kind::Object)
            walkObject(v, name, depth);
        else
            walkContainer(v, name, depth);
        onPath_.erase(v);
    }

    std::vector<NamedTensorRef> result;

  private:
    void walkContainer(const Value* v, const std::string& name, int depth) {
        for (std::size_t i = 0; i < v->items.size(); ++i)
            walk(v->items[i], join(name, std::to_string(i)), depth + 1);
        for (const auto& [k, value] : v->entries) {
            if (k->kind == Kind::String)
                walk(value, join(name, k->text), depth + 1);
            else if (k->kind == Kind::Int)
                walk(value, join(name, std::to_string(k->integer)), depth + 1);
        }
    }

    void walkObject(const Value* v, const std::string& name, int depth) {
        const Value* state = v->state;
        // A pickled nn.Module: name tensors as its state_dict() would.
        if (state && state->kind == Kind::Dict && state->get("_parameters")) {
            for (const char* part : {"_parameters", "_buffers"})
                if (const Value* d = state->get(part))
                    walkContainer(d, name, depth);
            if (const Value* modules = state->get("_modules"); modules && !onPath_.count(modules)) {
                onPath_.insert(modules);
                walkContainer(modules, name, depth);
                onPath_.erase(modules);
            }
            return;
        }
        // (state, slotstate) tuples share the object's name.
        if (state && state->kind == Kind::Tuple && state->items.size() == 2)
            for (const Value* part : state->items)
                walkStateLike(part, name, depth);
        else
            walkStateLike(state, name, depth);
        walkContainer(v, name, depth);
        if (v->args)
            walkContainer(v->args, join(name, "args"), depth);
    }

    void walkStateLike(const Value* state, const std::string& name, int depth) {
        if (!state)
            return;
        if (state->kind == Kind::Dict && !onPath_.count(state)) {
            onPath_.insert(state);
            walkContainer(state, name, depth);
            onPath_.erase(state);
        } else {
            walk(state, name, depth + 1);
        }
    }

    void add(const std::string& name, const pickle::TensorRef& ref) {
        if (!ref.dtypeKnown) {
            log::warning(path_ + ": tensor '" + name + "' has storage type " + ref.storageType +
                         ", which Modescape does not read; it is skipped");
            return;
        }
        if (!names_.insert(name).second) {
            log::warning(path_ + ": a second tensor named '" + name + "' is skipped");
            return;
        }
        result.push_back({name.empty() ? std::string("tensor") : pickle::validUtf8(name), ref});
    }

    const std::string& path_;
    std::size_t budget_;
    bool truncatedWarned_ = false;
    std::unordered_set<const Value*> onPath_;
    std::unordered_set<std::string> names_;
};

std::vector<NamedTensorRef> collect(const Value* v, const std::string& path) {
    TensorCollector collector(path, 20'000'000);
    collector.walk(v, "", 0);
    return std::move(collector.result);
}

bool holdsTensorsDirectly(const Value* dict) {
    for (const auto& [k, v] : dict->entries)
        if (v->kind == Kind::Tensor)
            return true;
    return false;
}

std::string scalarText(const Value* v) {
    if (v->kind == Kind::Int)
        return std::to_string(v->integer);
    if (v->kind == Kind::String)
        return pickle::validUtf8(v->text);
    return pickle::toJson(v).dump();
}

void applyPrefix(StateDictContents& out, const std::string& path, const OpenOptions& options) {
    std::string prefix = options.keyPrefix;
    if (prefix.empty()) {
        for (const char* candidate : {"model.", "net."}) {
            bool all = true;
            for (const auto& t : out.tensors)
                all = all && t.name.rfind(candidate, 0) == 0;
            if (all) {
                prefix = candidate;
                break;
            }
        }
        if (prefix.empty())
            return;
    }
    std::vector<NamedTensorRef> kept;
    for (auto& t : out.tensors)
        if (t.name.rfind(prefix, 0) == 0 && t.name.size() > prefix.size())
            kept.push_back({t.name.substr(prefix.size()), std::move(t.ref)});
    if (kept.empty())
        throw FormatError(path, "no tensor name starts with the key prefix '" + prefix +
                                    "' (names look like '" + out.tensors.front().name +
                                    "'); choose another prefix or leave it empty");
    if (kept.size() < out.tensors.size())
        log::info(path + ": " + std::to_string(out.tensors.size() - kept.size()) +
                  " tensors without the prefix '" + prefix + "' are left out");
    out.tensors = std::move(kept);
}

// "dict with keys 'a', 'b'" for messages.
std::string topLevel(const Value* root) {
    if (!root || root->kind != Kind::Dict)
        return pickle::describe(root);
    std::string keys;
    for (const auto& [k, v] : root->entries) {
        if (keys.size() > 200) {
            keys += ", ...";
            break;
        }
        const std::string key =
            k->isString() ? pickle::validUtf8(k->text.substr(0, 40)) : pickle::describe(k);
        keys += (keys.empty() ? "'" : ", '") + key + "'";
    }
    return keys.empty() ? "an empty dict" : "a dict with keys " + keys;
}

}  // namespace

StateDictContents extractStateDict(const Value* root, const std::string& path,
                                   const OpenOptions& options) {
    StateDictContents out;
    const Value* source = root;
    if (root && root->kind == Kind::Dict) {
        for (const char* key : {"epoch", "global_step", "pytorch-lightning_version"})
            if (const Value* v = root->get(key))
                out.metadata[key] = scalarText(v);
        if (const Value* hp = root->get("hyper_parameters"))
            out.metadata["hyper_parameters"] = pickle::toJson(hp).dump();
        if (const Value* sd = root->get("state_dict")) {
            source = sd;
            out.lightning = root->get("pytorch-lightning_version") || root->get("global_step") ||
                            root->get("epoch");
        } else if (!holdsTensorsDirectly(root)) {
            for (const char* key : {"model_state_dict", "model", "net", "module"}) {
                const Value* candidate = root->get(key);
                if (candidate && !collect(candidate, path).empty()) {
                    source = candidate;
                    break;
                }
            }
        }
    }
    out.tensors = collect(source, path);
    if (out.tensors.empty())
        throw FormatError(path, "holds no tensors Modescape can read (the pickle's top level is " +
                                    topLevel(root) +
                                    "); it is not a model checkpoint, or stores its weights in a "
                                    "form Modescape does not know");
    applyPrefix(out, path, options);
    return out;
}

}  // namespace modescape::io::torchfile
