#pragma once
// The values our restricted unpickler produces. Nothing here can run code:
// a class a pickle names is a Global placeholder, an instance of it an inert
// Object that keeps its constructor arguments and state (so tensors inside
// it can still be found). Values live in an arena owned by a PickleDocument
// and refer to each other by plain pointers, because pickles may share and
// even cycle (memo references); walkers must therefore track what they visit.

#include <cstdint>
#include <deque>
#include <string>
#include <utility>
#include <vector>

#include "core/io/TensorInfo.h"

namespace modescape::io::pickle {

enum class Kind {
    None,
    Bool,
    Int,     // fits in 64 bits
    BigInt,  // LONG1/LONG4 longer than 8 bytes: little-endian two's complement in `text`
    Float,
    String,
    Bytes,
    List,
    Tuple,
    Dict,     // insertion-ordered; keys of any kind
    Global,   // a class or function named by GLOBAL: module + "." + name in `text`
    Object,   // an instance of a Global placeholder: cls, args, state, items, entries
    Storage,  // a persistent id ('storage', type, key, location, numel)
    Tensor,   // torch._utils._rebuild_tensor_v2(...) or a Parameter
};

const char* kindName(Kind kind);

struct Value;

// A view of a PyTorch storage, as _rebuild_tensor_v2 describes it.
struct TensorRef {
    std::string storageKey;   // record data/<key> (zip) or key in the legacy storage table
    std::string storageType;  // "FloatStorage", ...
    DType dtype = DType::F32;
    bool dtypeKnown = false;        // false for storages Modescape cannot read (complex, quantised)
    std::int64_t storageNumel = 0;  // elements in the storage, from the persistent id
    std::int64_t storageOffset = 0;  // in elements
    std::vector<std::int64_t> size;
    std::vector<std::int64_t> stride;
    bool requiresGrad = false;
    bool isParameter = false;
    // Legacy format storage views: the root storage key and an element offset into it.
    std::string viewRootKey;
    std::int64_t viewOffset = 0;
};

struct Value {
    Kind kind = Kind::None;
    bool boolean = false;
    std::int64_t integer = 0;
    double real = 0.0;
    std::string text;           // String, Bytes, BigInt, Global (qualified name)
    std::vector<Value*> items;  // List, Tuple, Object (APPENDS on it)
    std::vector<std::pair<Value*, Value*>> entries;  // Dict, Object (SETITEMS on it)
    // Object: the Global it instantiates, its constructor arguments and BUILD state.
    Value* cls = nullptr;
    Value* args = nullptr;
    Value* state = nullptr;
    TensorRef tensor;  // Storage (key, type, numel) and Tensor

    bool isString() const { return kind == Kind::String; }
    // The value stored under a string key of a Dict, or nullptr.
    Value* get(const std::string& key) const;
};

// Owns every Value of one parsed pickle.
class PickleDocument {
  public:
    PickleDocument() = default;
    PickleDocument(const PickleDocument&) = delete;
    PickleDocument& operator=(const PickleDocument&) = delete;
    PickleDocument(PickleDocument&&) = default;
    PickleDocument& operator=(PickleDocument&&) = default;

    Value* make(Kind kind);
    std::size_t size() const { return values_.size(); }

    Value* root = nullptr;
    // Every storage the pickle references (BINPERSID), in order of appearance.
    std::vector<Value*> storages;
    // Byte offset just past the STOP opcode (legacy files hold several pickles in a row).
    std::size_t endOffset = 0;

  private:
    std::deque<Value> values_;  // deque: pointers stay valid as it grows
};

// "Int 3", "Global os.system", "Object __main__.Cfg", ... for messages.
std::string describe(const Value* value);

}  // namespace modescape::io::pickle
