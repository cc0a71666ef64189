// What REDUCE / NEWOBJ / BUILD / BINPERSID mean for the constructors PyTorch
// checkpoints use. Anything not listed here becomes an inert placeholder:
// nothing a pickle names is ever called.

#include <limits>

#include "core/io/pickle/PickleMachine.h"

namespace modescape::io::pickle::detail {

namespace {

bool storageDType(const std::string& type, DType& out) {
    static const std::pair<const char*, DType> table[] = {
        {"FloatStorage", DType::F32}, {"DoubleStorage", DType::F64},
        {"HalfStorage", DType::F16},  {"BFloat16Storage", DType::BF16},
        {"LongStorage", DType::I64},  {"IntStorage", DType::I32},
        {"ShortStorage", DType::I16}, {"CharStorage", DType::I8},
        {"ByteStorage", DType::U8},   {"BoolStorage", DType::Bool},
    };
    for (const auto& [name, dtype] : table)
        if (type == name) {
            out = dtype;
            return true;
        }
    return false;
}

bool isInt(const Value* v) {
    return v && v->kind == Kind::Int;
}

bool intTuple(const Value* v, std::vector<std::int64_t>& out) {
    if (!v || (v->kind != Kind::Tuple && v->kind != Kind::List))
        return false;
    out.clear();
    for (const Value* item : v->items) {
        if (!isInt(item))
            return false;
        out.push_back(item->integer);
    }
    return true;
}

std::string latin1FromUtf8(const std::string& s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0xC0 && c < 0xC4 && i + 1 < s.size()) {
            out +=
                static_cast<char>(((c & 0x03) << 6) | (static_cast<unsigned char>(s[++i]) & 0x3F));
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

}  // namespace

Value* PickleMachine::persistentLoad(Value* pid) {
    if (pid->kind != Kind::Tuple || pid->items.size() < 5 || !pid->items[0]->isString() ||
        pid->items[0]->text != "storage")
        fail("persistent id is not a ('storage', type, key, location, numel) tuple");
    const Value* type = pid->items[1];
    const Value* key = pid->items[2];
    const Value* numel = pid->items[4];
    if (type->kind != Kind::Global || !key->isString() || !isInt(numel) || numel->integer < 0)
        fail("persistent id with a malformed storage type, key or size");
    Value* storage = make(Kind::Storage);
    doc_.storages.push_back(storage);
    TensorRef& ref = storage->tensor;
    ref.storageKey = key->text;
    ref.storageType = type->text.rfind("torch.", 0) == 0 ? type->text.substr(6) : type->text;
    ref.dtypeKnown = storageDType(ref.storageType, ref.dtype);
    ref.storageNumel = numel->integer;
    // Legacy files: optional view metadata (view_key, offset, size) into the root storage.
    if (pid->items.size() >= 6 && pid->items[5]->kind == Kind::Tuple) {
        const Value* view = pid->items[5];
        if (view->items.size() != 3 || !isInt(view->items[1]) || !isInt(view->items[2]) ||
            view->items[1]->integer < 0 || view->items[2]->integer < 0)
            fail("persistent id with malformed storage view metadata");
        ref.viewOffset = view->items[1]->integer;
    }
    return storage;
}

Value* PickleMachine::rebuildTensor(Value* args) {
    // _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, hooks, ...)
    if (args->items.size() < 4 || args->items[0]->kind != Kind::Storage || !isInt(args->items[1]))
        fail("_rebuild_tensor_v2 with unexpected arguments");
    Value* tensor = make(Kind::Tensor);
    TensorRef& ref = tensor->tensor;
    ref = args->items[0]->tensor;
    ref.storageOffset = args->items[1]->integer + ref.viewOffset;
    if (!intTuple(args->items[2], ref.size) || !intTuple(args->items[3], ref.stride) ||
        ref.size.size() != ref.stride.size() || ref.size.size() > 64 || ref.storageOffset < 0)
        fail("_rebuild_tensor_v2 with malformed size or stride");
    if (args->items.size() > 4 && args->items[4]->kind == Kind::Bool)
        ref.requiresGrad = args->items[4]->boolean;
    // The view must lie inside its storage: offset + sum((size - 1) * stride) < numel.
    std::int64_t last = ref.storageOffset;
    bool empty = false;
    for (std::size_t d = 0; d < ref.size.size(); ++d) {
        if (ref.size[d] < 0 || ref.stride[d] < 0)
            fail("tensor with a negative size or stride");
        if (ref.size[d] == 0)
            empty = true;
        std::int64_t step = 0;
        if (ref.size[d] > 0 && (__builtin_mul_overflow(ref.size[d] - 1, ref.stride[d], &step) ||
                                __builtin_add_overflow(last, step, &last)))
            fail("tensor size or stride overflows");
    }
    std::int64_t numel = 1;
    for (auto s : ref.size)
        if (__builtin_mul_overflow(numel, s, &numel))
            fail("tensor element count overflows");
    if (!empty && last >= ref.storageNumel)
        fail("tensor view (offset " + std::to_string(ref.storageOffset) +
             ") reaches past the end of its storage '" + ref.storageKey + "' of " +
             std::to_string(ref.storageNumel) + " elements");
    return tensor;
}

Value* PickleMachine::call(Value* callable, Value* args, int depth) {
    if (args->kind != Kind::Tuple)
        fail("REDUCE with arguments that are not a tuple");
    const std::string name = callable->kind == Kind::Global ? callable->text : std::string();
    const auto& a = args->items;
    if (name == "torch._utils._rebuild_tensor_v2" || name == "torch._utils._rebuild_tensor")
        return rebuildTensor(args);
    if (name == "torch._utils._rebuild_parameter" ||
        name == "torch._utils._rebuild_parameter_with_state") {
        if (a.empty() || a[0]->kind != Kind::Tensor)
            fail(name + " without a tensor");
        Value* p = make(Kind::Tensor);
        p->tensor = a[0]->tensor;
        p->tensor.isParameter = true;
        if (a.size() > 1 && a[1]->kind == Kind::Bool)
            p->tensor.requiresGrad = a[1]->boolean;
        return p;
    }
    // Tensor subclasses: _rebuild_from_type_v2(func, type, args, state) -> func(*args).
    if ((name == "torch._tensor._rebuild_from_type_v2" ||
         name == "torch._utils._rebuild_from_type") &&
        a.size() >= 3 && a[2]->kind == Kind::Tuple && depth < 4)
        return call(a[0], a[2], depth + 1);
    if (name == "collections.OrderedDict" || name == "builtins.dict") {
        Value* d = make(Kind::Dict);
        // OrderedDict([(k, v), ...]) -- torch.save uses OrderedDict() + SETITEMS.
        if (!a.empty() && a[0]->kind == Kind::List)
            for (const Value* pair : a[0]->items)
                if (pair->kind == Kind::Tuple && pair->items.size() == 2)
                    d->entries.emplace_back(pair->items[0], pair->items[1]);
        return d;
    }
    if (name == "torch.Size" || name == "builtins.tuple") {
        Value* t = make(Kind::Tuple);
        if (!a.empty() && (a[0]->kind == Kind::Tuple || a[0]->kind == Kind::List))
            t->items = a[0]->items;
        return t;
    }
    if (name == "_codecs.encode" && !a.empty() && a[0]->isString()) {
        // Protocol 2 pickles bytes as _codecs.encode(text, 'latin1').
        Value* b = make(Kind::Bytes);
        b->text = latin1FromUtf8(a[0]->text);
        return b;
    }
    Value* object = make(Kind::Object);
    object->cls = callable;
    object->args = args;
    return object;
}

Value* PickleMachine::instantiate(Value* cls, Value* args) {
    if (cls->kind == Kind::Global &&
        (cls->text == "collections.OrderedDict" || cls->text == "builtins.dict"))
        return make(Kind::Dict);
    Value* object = make(Kind::Object);
    object->cls = cls;
    object->args = args;
    return object;
}

void PickleMachine::build(Value* target, Value* state) {
    // Placeholders keep their state so tensors inside them are still found;
    // real values (dicts, tensors with extra Python state) ignore it.
    if (target->kind == Kind::Object)
        target->state = state;
}

}  // namespace modescape::io::pickle::detail
