# run_example.cmake: install a build of schannel-emu into a scratch prefix, configure and
# build this example against it with find_package(SChannelEmu), and run it.
#
#   cmake -DBUILD_DIR=build/default -DEXAMPLE_DIR=ci/examples/embed -DWORK_DIR=/tmp/embed
#         [-DCXX_COMPILER=g++] [-DCXX_FLAGS=...] [-DLINKER_FLAGS=...] -P run_example.cmake
#
# CXX_FLAGS and LINKER_FLAGS carry the build's sanitizer flags, which the example must
# share to link against sanitized libraries. Fails with the failing step's name.
foreach(required BUILD_DIR EXAMPLE_DIR WORK_DIR)
  if(NOT DEFINED ${required})
    message(FATAL_ERROR "run_example.cmake needs -D${required}=...")
  endif()
endforeach()

file(REMOVE_RECURSE ${WORK_DIR})
set(prefix ${WORK_DIR}/prefix)

function(step name)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE result TIMEOUT 600)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "embed example: ${name} failed (${result})")
  endif()
  message(STATUS "embed example: ${name} ok")
endfunction()

step("install into ${prefix}"
  ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${prefix} --component development)

set(configure_args -S ${EXAMPLE_DIR} -B ${WORK_DIR}/build -DCMAKE_PREFIX_PATH=${prefix}
  -DCMAKE_BUILD_TYPE=RelWithDebInfo)
if(CXX_COMPILER)
  list(APPEND configure_args -DCMAKE_CXX_COMPILER=${CXX_COMPILER})
endif()
if(CXX_FLAGS)
  list(APPEND configure_args "-DCMAKE_CXX_FLAGS=${CXX_FLAGS}")
endif()
if(LINKER_FLAGS)
  list(APPEND configure_args "-DCMAKE_EXE_LINKER_FLAGS=${LINKER_FLAGS}")
endif()
step("configure against the installed package" ${CMAKE_COMMAND} ${configure_args})
step("build" ${CMAKE_COMMAND} --build ${WORK_DIR}/build)
step("run" ${WORK_DIR}/build/embed_example)
