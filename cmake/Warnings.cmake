include(GNUInstallDirs)

# schannel_emu_warnings(TARGET): the warning set every target of the project builds with.
function(schannel_emu_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
    -Wsign-conversion -Wnon-virtual-dtor -Wold-style-cast -Woverloaded-virtual)
  if(SCHANNEL_EMU_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

# schannel_emu_test(NAME SOURCES... LIBS ...): one GoogleTest executable registered with CTest.
function(schannel_emu_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} GTest::gtest GTest::gmock GTest::gtest_main)
  target_compile_definitions(${name} PRIVATE
    SCHANNEL_EMU_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    SCHANNEL_EMU_BINARY_DIR="${PROJECT_BINARY_DIR}")
  schannel_emu_warnings(${name})
  set(labels unit)
  if(ARG_LABELS)
    set(labels ${ARG_LABELS})
  endif()
  gtest_discover_tests(${name} PROPERTIES LABELS "${labels}" TIMEOUT 120
    DISCOVERY_TIMEOUT 60)
endfunction()

# schannel_emu_module(NAME SOURCES... DEPENDS ...): one library of the sans-I/O core.
function(schannel_emu_module name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPENDS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  target_include_directories(${name} PUBLIC
    $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}>
    $<INSTALL_INTERFACE:include>)
  target_link_libraries(${name} PUBLIC ${ARG_DEPENDS})
  set_target_properties(${name} PROPERTIES POSITION_INDEPENDENT_CODE ON)
  schannel_emu_warnings(${name})

  # Installed as SChannelEmu::<module> (schannel_tls -> SChannelEmu::tls) for embedders;
  # the package config (cmake/SChannelEmuConfig.cmake.in) loads these exports.
  string(REGEX REPLACE "^schannel_" "" export_name ${name})
  set_target_properties(${name} PROPERTIES EXPORT_NAME ${export_name})
  install(TARGETS ${name} EXPORT SChannelEmuTargets
    ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT development
    LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT development)
endfunction()
