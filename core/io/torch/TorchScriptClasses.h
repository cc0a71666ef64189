#pragma once
// What the code/ records of a TorchScript archive say about its classes, read
// as text and never run: whether a class is a module, which of its attributes
// are parameters (`__parameters__ = ["weight", ]`) and buffers
// (`__buffers__ = [...]`), and whether it restores its state with its own
// code (`def __setstate__`), which Modescape refuses to imitate.

#include <optional>
#include <string>
#include <vector>

namespace modescape::io::torchfile {

struct ScriptClassInfo {
    bool isModule = false;
    bool customSetState = false;
    std::vector<std::string> parameters;
    std::vector<std::string> buffers;
};

// The code record that defines a qualified class name:
// "__torch__.torch.nn.modules.conv.Conv2d" -> "code/__torch__/torch/nn/modules/conv.py".
// Empty when the name has no qualifier.
std::string scriptCodeRecord(const std::string& qualifiedName);

// Finds `class <name>(<base>):` in the text of a code record and reads its
// declarations. nullopt when the class is not defined there. Throws
// FormatError(path, ...) naming the record when a declaration is malformed.
std::optional<ScriptClassInfo> parseScriptClass(const std::string& code, const std::string& name,
                                                const std::string& path, const std::string& record);

}  // namespace modescape::io::torchfile
