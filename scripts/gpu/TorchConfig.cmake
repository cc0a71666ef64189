# A minimal stand-in for LibTorch's CMake config, for the GPU machine when the
# pip package's own config fails there (it looks for a full CUDA toolkit
# layout). Links the pip package's libraries directly; libtorch_cuda is linked
# with --no-as-needed because nothing references it by symbol, yet loading it
# is what registers the CUDA backend.
execute_process(
  COMMAND python3 -c "import os, torch; print(os.path.dirname(torch.__file__)); print(int(torch._C._GLIBCXX_USE_CXX11_ABI))"
  OUTPUT_VARIABLE _torch_info OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE _torch_rc)
if(NOT _torch_rc EQUAL 0)
  set(Torch_FOUND FALSE)
  return()
endif()
string(REPLACE "\n" ";" _torch_info "${_torch_info}")
list(GET _torch_info 0 _torch_root)
list(GET _torch_info 1 _torch_abi)
set(TORCH_INCLUDE_DIRS ${_torch_root}/include ${_torch_root}/include/torch/csrc/api/include)
add_library(torch_shim INTERFACE)
target_include_directories(torch_shim SYSTEM INTERFACE ${TORCH_INCLUDE_DIRS})
target_compile_definitions(torch_shim INTERFACE _GLIBCXX_USE_CXX11_ABI=${_torch_abi})
target_link_libraries(torch_shim INTERFACE
  ${_torch_root}/lib/libtorch.so ${_torch_root}/lib/libtorch_cpu.so ${_torch_root}/lib/libc10.so
  -Wl,--no-as-needed ${_torch_root}/lib/libtorch_cuda.so ${_torch_root}/lib/libc10_cuda.so
  -Wl,--as-needed -Wl,-rpath,${_torch_root}/lib)
set(TORCH_LIBRARIES torch_shim)
set(Torch_FOUND TRUE)
