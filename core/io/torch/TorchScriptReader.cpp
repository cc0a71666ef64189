#include "core/io/torch/TorchScriptReader.h"

#include <map>
#include <unordered_set>

#include "core/common/Error.h"
#include "core/io/pickle/PickleJson.h"
#include "core/io/pickle/Unpickler.h"
#include "core/io/torch/TorchScriptClasses.h"
#include "core/io/torch/TorchZipReader.h"
#include "core/io/torch/ZipArchive.h"

namespace modescape::io::torchfile {

namespace {

using pickle::Kind;
using pickle::Value;

// Walks the module tree of data.pkl the way torch.jit's slot iterator does:
// a module's attributes in declaration order (the order its BUILD state dict
// holds them), descending into submodules where they appear.
class ScriptModuleWalker {
  public:
    explicit ScriptModuleWalker(const ZipArchive& zip) : zip_(zip) {}

    enum class Role { Parameter, Buffer };

    void walk(const Value* module, const std::string& prefix, Role role, int depth) {
        if (depth > pickle::kMaxNestingDepth)
            throw FormatError(zip_.path(), "data.pkl: modules nested deeper than " +
                                               std::to_string(pickle::kMaxNestingDepth) +
                                               " levels; the file is damaged");
        // Shared submodules are listed under every name, as torch.jit does;
        // bound the work a hostile file of many shared references can cause.
        if (++visits_ > kMaxModuleVisits)
            throw FormatError(zip_.path(), "data.pkl: more than " +
                                               std::to_string(kMaxModuleVisits) +
                                               " modules; the file is damaged");
        if (!onPath_.insert(module).second)
            throw FormatError(zip_.path(), "data.pkl: module '" + pickle::validUtf8(prefix) +
                                               "' contains itself; the file is damaged");
        const std::string& className = module->cls->text;
        const ScriptClassInfo& info = classInfo(className);
        if (info.customSetState)
            throw FormatError(zip_.path(),
                              "the TorchScript class " + pickle::validUtf8(className) +
                                  " restores its state with its own code (__setstate__); "
                                  "Modescape never runs code from a checkpoint, so it cannot read "
                                  "this archive's tensors. Save the weights with "
                                  "torch.save(model.state_dict()) instead");
        const Value* state = module->state;
        if (!state || state->kind != Kind::Dict)
            throw FormatError(zip_.path(), "data.pkl: the module " + pickle::validUtf8(className) +
                                               " has no attribute dictionary; the file is "
                                               "damaged or not written by torch.jit.save");
        const auto& names = role == Role::Parameter ? info.parameters : info.buffers;
        for (const auto& [key, value] : state->entries) {
            if (!key->isString())
                continue;
            const std::string name = prefix + key->text;
            if (isModule(value))
                walk(value, name + ".", role, depth + 1);
            else if (value->kind == Kind::Tensor && contains(names, key->text))
                add(name, value->tensor);
        }
        onPath_.erase(module);
    }

    bool isModule(const Value* v) {
        return v->kind == Kind::Object && v->cls && v->cls->kind == Kind::Global &&
               classInfo(v->cls->text).isModule;
    }

    std::vector<NamedTensorRef> tensors;

  private:
    static bool contains(const std::vector<std::string>& names, const std::string& name) {
        for (const auto& n : names)
            if (n == name)
                return true;
        return false;
    }

    const ScriptClassInfo& classInfo(const std::string& className) {
        if (auto it = classes_.find(className); it != classes_.end())
            return it->second;
        ScriptClassInfo info;  // unknown classes (no code record) are plain objects
        const std::string record = scriptCodeRecord(className);
        if (className.rfind("__torch__.", 0) == 0 && !record.empty() && zip_.has(record)) {
            const std::string name = className.substr(className.rfind('.') + 1);
            if (auto found = parseScriptClass(*zip_.read(record), name, zip_.path(), record))
                info = *found;
        }
        return classes_.emplace(className, std::move(info)).first->second;
    }

    void add(const std::string& name, const pickle::TensorRef& ref) {
        if (!ref.dtypeKnown)
            throw FormatError(zip_.path(), "tensor '" + pickle::validUtf8(name) +
                                               "' has storage type " + ref.storageType +
                                               ", which Modescape does not read");
        tensors.push_back({pickle::validUtf8(name), ref});
    }

    static constexpr std::size_t kMaxModuleVisits = 1'000'000;

    const ZipArchive& zip_;
    std::size_t visits_ = 0;
    std::map<std::string, ScriptClassInfo> classes_;
    std::unordered_set<const Value*> onPath_;
};

}  // namespace

std::unique_ptr<CheckpointFile> openTorchScript(const std::string& path) {
    ZipArchive zip(path);
    pickle::PickleDocument doc = readArchivePickle(zip, "data.pkl");
    ScriptModuleWalker walker(zip);
    if (!doc.root || !walker.isModule(doc.root))
        throw FormatError(path, "data.pkl of the TorchScript archive holds " +
                                    pickle::describe(doc.root) +
                                    ", not a scripted module; the file is damaged");
    walker.walk(doc.root, "", ScriptModuleWalker::Role::Parameter, 0);
    walker.walk(doc.root, "", ScriptModuleWalker::Role::Buffer, 0);
    if (walker.tensors.empty())
        throw FormatError(path, "the TorchScript module has no parameters or buffers");
    StateDictContents contents;
    contents.tensors = std::move(walker.tensors);
    checkStorageRecords(zip, contents.tensors);
    return makeZipCheckpoint(path, "torchscript", std::move(contents));
}

}  // namespace modescape::io::torchfile
