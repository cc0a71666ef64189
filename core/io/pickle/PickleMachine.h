#pragma once
// Internal to the unpickler: the stack machine state and the handful of
// Python constructors it knows (PickleReconstruct.cpp). Not for other modules.

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/io/pickle/Unpickler.h"

namespace modescape::io::pickle::detail {

class PickleMachine {
  public:
    PickleMachine(std::string_view data, const std::string& path, const std::string& what,
                  std::size_t offset, const UnpicklerLimits& limits);
    PickleDocument run();

    // --- used by PickleReconstruct.cpp ---
    [[noreturn]] void fail(const std::string& problem) const;
    Value* make(Kind kind);
    // callable(*args) for REDUCE; a placeholder unless callable is a known constructor.
    Value* call(Value* callable, Value* args, int depth = 0);
    // cls.__new__(cls, *args) for NEWOBJ.
    Value* instantiate(Value* cls, Value* args);
    // BUILD: obj.__setstate__(state) for placeholders; ignored for real values.
    void build(Value* target, Value* state);
    // BINPERSID: ('storage', storage_type, key, location, numel[, view_metadata]).
    Value* persistentLoad(Value* pid);

  private:
    std::uint8_t u8();
    std::uint64_t uintLE(int bytes);
    std::string_view take(std::uint64_t n);
    std::string line();
    void push(Value* v);
    Value* pop();
    Value* top();
    std::size_t popMark();
    std::vector<Value*> popToMark();
    Value* rebuildTensor(Value* args);

    std::string_view data_;
    const std::string& path_;
    const std::string& what_;
    std::size_t pos_;
    std::size_t opcodeOffset_ = 0;
    UnpicklerLimits limits_;
    PickleDocument doc_;
    std::vector<Value*> stack_;
    std::vector<std::size_t> marks_;
    std::unordered_map<std::uint64_t, Value*> memo_;
};

}  // namespace modescape::io::pickle::detail
