# NdisChimney: build, test and install.
#
# Targets:
#   make                 build libndischimney.so and libndischimney.a (for C
#                        callers: the library in Embedded Swift, libc only)
#                        and ndis-chimney
#   make test            every check: C layout checks, C++ compile, abi-check
#                        (with the strict header check), abi-diff, the
#                        installed libraries and tool with the toolchain
#                        hidden, the freshness of Docs/Layout.md and of the
#                        header's generated assertions, swift-format lint,
#                        the DocC build, the README's Swift code, the ISF
#                        check with volatility3 (volatility-test), and
#                        `swift test`; goes on after a failing step and ends
#                        with one summary line (TEST_STEPS, Tests/run-all.sh)
#   make format          apply swift-format (.swift-format) to the Swift sources
#   make abi-check       compile the header for every Windows (and a few other)
#                        targets with the toolchain's clang, and both headers
#                        under clang -Weverything and -pedantic -Werror (clang
#                        and gcc; C89, C11, C++98, C++11)
#   make abi-diff        compare the C ABI with the committed baseline
#                        (Tests/ABI/); fails on an incompatible change
#   make abi-baseline    rewrite that baseline (after a SONAME bump)
#   make doc             the DocC archive of the Swift API, out/NdisChimney.doccarchive
#   make docs            regenerate the generated parts of Docs/Layout.md and
#                        Include/ndischimney.h (its layout assertions)
#   make bench-instructions
#                        callgrind instructions (and malloc/retain/release/
#                        beginAccess calls) per dispatch and per validation,
#                        C baselines beside every path (Docs/Performance.md)
#   make bench           package-benchmark wall time and mallocs per path
#   make fuzz            each libFuzzer target for FUZZ_SECONDS (default 60)
#                        with AddressSanitizer (Docs/Reliability.md)
#   make sanitize        Swift tests under AddressSanitizer and ThreadSanitizer,
#                        C tests under AddressSanitizer + UndefinedBehaviorSanitizer
#   make install         install the headers, libndischimney.so (real file,
#                        SONAME link, development link), libndischimney.a,
#                        ndischimney.pc and the ndis-chimney tool under
#                        $(DESTDIR)$(PREFIX)
#   make uninstall       remove what install installed
#   make clean           remove build products
#
# Variables (override on the command line, e.g. `make install PREFIX=$HOME/.local`):
#   SWIFT=swift  SWIFTC=<the toolchain's swiftc>  CC=cc  CXX=c++  CLANG=<the toolchain's clang>
#   CFLAGS  CXXFLAGS  PREFIX=/usr/local  DESTDIR=  CONFIGURATION=release

SWIFT ?= swift
CC ?= cc
CXX ?= c++
TOOLCHAIN_BIN := $(dir $(shell command -v $(SWIFT)))
CLANG ?= $(TOOLCHAIN_BIN)clang
SWIFTC ?= $(TOOLCHAIN_BIN)swiftc
CFLAGS ?= -O2 -g
CXXFLAGS ?= -O2 -g
WARNINGS := -Wall -Wextra -Werror
PREFIX ?= /usr/local
DESTDIR ?=
CONFIGURATION ?= release
VERSION := 1.0.0
# The number in the SONAME, libndischimney.so.$(SOVERSION): bumped on every
# incompatible change of the C ABI (README, "Versioning"), which `make
# abi-diff` detects.
SOVERSION := 1

includedir := $(PREFIX)/include/ndischimney
libdir := $(PREFIX)/lib
bindir := $(PREFIX)/bin
OUT := out
SWIFT_BIN = $(shell $(SWIFT) build -c $(CONFIGURATION) --show-bin-path)
# Every release build links the Swift runtime statically, so the installed
# tool runs without the toolchain; one set of flags keeps one build folder.
SWIFT_BUILD := $(SWIFT) build -c $(CONFIGURATION) --static-swift-stdlib
LIB_OUT := $(OUT)/lib
HEADERS := $(wildcard Include/*.h)

.PHONY: all library tool test c-test swift-test lint format abi-check header-check abi-diff \
        abi-baseline abi-diff-or-skip readme-check doc docs docs-check install-check \
        install uninstall clean bench bench-instructions fuzz sanitize sanitize-address \
        sanitize-thread sanitize-c volatility-test

all: library tool

# The C library is Sources/NdisChimney itself, compiled as Embedded Swift:
# no Swift runtime, only libc, nothing allocated behind the caller's back
# (Docs/C-API.md). Swift users get the same files built by SwiftPM. swiftc
# 6.3.1 puts a whole module in one .text section whatever -function-sections
# says (and crashes on -emit-bc), so the module goes out as LLVM IR and the
# toolchain's clang compiles it with a section per function, which the link
# needs to keep only what the Ndis* functions reach (Linker/link-library.sh).
EMBEDDED := $(OUT)/embedded
PLATFORM := Sources/CNdisChimneyPlatform
LIBRARY_SOURCES := $(shell find Sources/NdisChimney -name '*.swift' | LC_ALL=C sort)
EMBEDDED_SWIFTFLAGS := -target $(shell uname -m)-unknown-linux-gnu -enable-experimental-feature Embedded \
  -swift-version 6 -wmo -parse-as-library -O -module-name NdisChimney -package-name NdisChimney \
  -IInclude -I$(PLATFORM)/include
LIBRARY_CFLAGS := -O2 -fPIC -ffunction-sections -fdata-sections
LIBRARY_OBJECTS := $(EMBEDDED)/NdisChimney.o $(EMBEDDED)/platform.o
LIBRARIES := $(LIB_OUT)/libndischimney.so.$(VERSION) $(LIB_OUT)/libndischimney.a

library: $(LIBRARIES)

$(EMBEDDED)/NdisChimney.ll: $(LIBRARY_SOURCES) $(HEADERS) $(wildcard $(PLATFORM)/include/*)
	mkdir -p $(EMBEDDED)
	$(SWIFTC) $(EMBEDDED_SWIFTFLAGS) -emit-ir -o $@ $(LIBRARY_SOURCES)

$(EMBEDDED)/NdisChimney.o: $(EMBEDDED)/NdisChimney.ll
	$(CLANG) $(LIBRARY_CFLAGS) -Wno-override-module -c -o $@ $<

$(EMBEDDED)/platform.o: $(PLATFORM)/platform.c $(wildcard $(PLATFORM)/include/*)
	mkdir -p $(EMBEDDED)
	$(CLANG) $(LIBRARY_CFLAGS) $(WARNINGS) -std=c11 -I$(PLATFORM)/include -c -o $@ $<

$(LIBRARIES) &: $(LIBRARY_OBJECTS) Linker/link-library.sh Linker/ndischimney.map Makefile
	Linker/link-library.sh $(CLANG) $(LIB_OUT) $(VERSION) $(SOVERSION) $(LIBRARY_OBJECTS)

tool:
	$(SWIFT_BUILD) --product ndis-chimney

# --- tests -------------------------------------------------------------------

# The steps of `make test`, in order. Tests/run-all.sh runs each one (going on
# after a failure), streams its output and ends with one line over all of
# them: "make test: N passed, N failed, N skipped (S steps)".
TEST_STEPS := c-test abi-check abi-diff-or-skip install-check docs-check doc readme-check lint volatility-test \
              swift-test

test:
	@MAKE="$(MAKE)" Tests/run-all.sh $(TEST_STEPS)

$(OUT):
	mkdir -p $(OUT)

$(OUT)/layout_check: Tests/C/layout_check.c Tests/C/check.h $(HEADERS) | $(OUT)
	$(CC) $(CFLAGS) -std=c11 $(WARNINGS) -IInclude -o $@ Tests/C/layout_check.c

$(OUT)/cxx_compile: Tests/C/cxx_compile.cpp $(HEADERS) | $(OUT)
	$(CXX) $(CXXFLAGS) -std=c++11 $(WARNINGS) -IInclude -o $@ Tests/C/cxx_compile.cpp

c-test: $(OUT)/layout_check $(OUT)/cxx_compile
	$(OUT)/layout_check
	$(OUT)/cxx_compile && echo "cxx_compile: 1 passed, 0 failed"

abi-check: header-check
	Tests/C/abi-check.sh $(CLANG)

# Both headers under clang -Weverything and -pedantic -Werror (clang and gcc;
# C89, C11, C++98, C++11). GCC is the system's gcc, whatever CC is.
GCC ?= gcc

header-check:
	Tests/C/header-check.sh $(CLANG) $(GCC)

# The C ABI against the committed baseline (Tests/ABI/), then the proof that
# the comparison catches deliberate breaks. Needs abigail-tools (.ci/run
# installs it); `make test` says SKIP without it, `make abi-diff` fails.
ABI_LIBRARY := $(LIB_OUT)/libndischimney.so.$(VERSION)

abi-diff: library
	Tests/ABI/abi-diff.sh check $(CLANG) $(ABI_LIBRARY) $(SOVERSION)
	Tests/ABI/abi-break-check.sh $(CLANG) $(SOVERSION)

abi-baseline: library
	Tests/ABI/abi-diff.sh write $(CLANG) $(ABI_LIBRARY) $(SOVERSION)

abi-diff-or-skip:
	@if command -v abidw >/dev/null && command -v abidiff >/dev/null; then \
	  $(MAKE) --no-print-directory abi-diff; \
	else \
	  echo "SKIP  abi-diff: abidw/abidiff not installed (apt-get install abigail-tools; .ci/run does)"; \
	  echo "abi-diff: 0 passed, 0 failed, 1 skipped"; \
	fi

# Installs into a scratch prefix, checks the installed library's dynamic
# section and symbols, then builds C programs with nothing but the installed
# headers and pkg-config (shared, and static with --static) and runs them and
# the installed tool with the Swift toolchain's folder hidden.
install-check: library | $(OUT)
	rm -rf $(OUT)/prefix
	$(MAKE) --no-print-directory install PREFIX=$(CURDIR)/$(OUT)/prefix DESTDIR=
	Tests/C/library-check.sh $(OUT)/prefix/lib $(VERSION) $(SOVERSION)
	PKG_CONFIG_PATH=$(CURDIR)/$(OUT)/prefix/lib/pkgconfig \
	  Tests/C/install-check.sh $(CC) $(OUT)

swift-test:
	$(SWIFT) test

# The DocC archive, out/NdisChimney.doccarchive, with the toolchain's
# swift-symbolgraph-extract and docc; fails on a public symbol without `///`
# or a broken link in the catalog (Sources/NdisChimney/NdisChimney.docc).
doc:
	Tests/doc-build.sh $(SWIFT) $(OUT)

# The README's Swift package (dependency line and handler code), built in a
# throwaway folder outside the repository, and its URL form resolved.
readme-check:
	Tests/readme-check.sh $(SWIFT)

# `layout --format isf` loaded by volatility3 itself, from a venv in $(OUT)
# (created once, with pip); skipped, with a message, only if pip fails.
volatility-test: tool | $(OUT)
	Tests/volatility/run.sh $(SWIFT_BIN)/ndis-chimney $(OUT)/volatility-venv

SWIFT_FORMAT ?= swift-format
FORMATTED := Package.swift Sources Tests Benchmarks/Package.swift Benchmarks/Sources Benchmarks/Benchmarks

lint:
	$(SWIFT_FORMAT) lint --strict -r $(FORMATTED)
	@echo "lint: 1 passed, 0 failed"

format:
	$(SWIFT_FORMAT) format -i -r $(FORMATTED)

# Docs/Layout.md carries the CLI's markdown between two markers, and
# Include/ndischimney.h the layout assertions the CLI writes from the same
# description; docs-check fails when either differs from what the CLI prints
# now. The tool compiles the header: when the header's assertions no longer
# hold (a structure changed), `make docs` empties them to build the tool,
# then writes them anew.
LAYOUT_DOC := Docs/Layout.md
LAYOUT_ARGS := layout --abi x86 --abi x64 --markdown
ASSERT_HEADER := Include/ndischimney.h
ASSERT_ARGS := layout --format c-asserts

docs:
	$(MAKE) --no-print-directory tool || { Tests/docs-region.sh clear $(ASSERT_HEADER) - $(ASSERT_ARGS) \
	  && $(MAKE) --no-print-directory tool; }
	Tests/docs-region.sh write $(LAYOUT_DOC) $(SWIFT_BIN)/ndis-chimney $(LAYOUT_ARGS)
	Tests/docs-region.sh write $(ASSERT_HEADER) $(SWIFT_BIN)/ndis-chimney $(ASSERT_ARGS)

docs-check: tool
	Tests/docs-region.sh check $(LAYOUT_DOC) $(SWIFT_BIN)/ndis-chimney $(LAYOUT_ARGS)
	Tests/docs-region.sh check $(ASSERT_HEADER) $(SWIFT_BIN)/ndis-chimney $(ASSERT_ARGS)

# --- benchmarks (never part of `make test`) -----------------------------------

BENCH_DISPATCHES ?= 102400
BENCH_VALIDATIONS ?= 102400

# Built from an empty scratch folder each time (about 30 s): SwiftPM 6.3 does
# not notice a source file added to the path dependency `../` in an existing
# one. callgrind cannot read the DWARF 5 the toolchain emits, so it measures a
# copy with the debug information stripped.
BENCH_BUILD := .build-bench

bench-instructions: library | $(OUT)
	$(CLANG) -O2 -std=gnu11 $(WARNINGS) -IInclude -IBenchmarks/Sources/CBaseline/include -o $(OUT)/bench-c \
	  Benchmarks/C/bench.c $(wildcard Benchmarks/Sources/CBaseline/*.c) $(LIB_OUT)/libndischimney.a
	rm -rf $(BENCH_BUILD)
	for product in dispatch-instructions validation-instructions; do \
	  $(SWIFT) build -c release --package-path Benchmarks --scratch-path $(BENCH_BUILD) --product $$product \
	    && cp $(BENCH_BUILD)/release/$$product $(OUT)/$$product && strip --strip-debug $(OUT)/$$product || exit 1; \
	done
	Benchmarks/bench-instructions.sh $(OUT)/bench-c $(OUT)/dispatch-instructions $(BENCH_DISPATCHES)
	Benchmarks/validation-instructions.sh $(OUT)/bench-c $(OUT)/validation-instructions $(BENCH_VALIDATIONS)

# Incremental, as the first build takes minutes; after adding a source file
# to the library, `rm -rf Benchmarks/.build` (see bench-instructions).
bench:
	cd Benchmarks && $(SWIFT) package --disable-sandbox benchmark

# --- fuzzing and sanitizers ---------------------------------------------------

FUZZ_SECONDS ?= 60
FUZZ_TARGETS := fuzz-image fuzz-registry
FUZZ_BUILD := .build-fuzz

# Every sanitized build starts from an empty scratch folder (about 30 s):
# SwiftPM 6.3 fails with "unknown build description" when a sanitized build
# runs a second time in the same folder.
fuzz:
	for target in $(FUZZ_TARGETS); do \
	  rm -rf $(FUZZ_BUILD)/$$target; \
	  $(SWIFT) build -c release --product $$target --scratch-path $(FUZZ_BUILD)/$$target \
	    -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld || exit 1; \
	done
	Tests/Fuzz/run-fuzz.sh $(FUZZ_BUILD) $(FUZZ_SECONDS) $(FUZZ_TARGETS)

sanitize: sanitize-c sanitize-address sanitize-thread

# XCTest's own leaks would fail LeakSanitizer, so Swift Testing runs alone.
# Tests/lsan-suppressions.txt names the false positives (outside this
# project's code) that LeakSanitizer would otherwise report.
sanitize-address:
	rm -rf .build-address
	LSAN_OPTIONS=suppressions=$(CURDIR)/Tests/lsan-suppressions.txt SWIFT_BACKTRACE=enable=no $(SWIFT) test --sanitize=address --disable-xctest --scratch-path .build-address

sanitize-thread:
	rm -rf .build-thread
	$(SWIFT) test --sanitize=thread --disable-xctest --scratch-path .build-thread

SANITIZE_CFLAGS := -fuse-ld=lld -g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all

sanitize-c: library | $(OUT)
	$(CLANG) $(SANITIZE_CFLAGS) -std=c11 $(WARNINGS) -IInclude -o $(OUT)/layout_check-asan Tests/C/layout_check.c
	UBSAN_OPTIONS=halt_on_error=1 $(OUT)/layout_check-asan
	for check in driver_check hostile_check memory_check teardown_check offload_check offload_race_check mux_check; do \
	  $(CLANG) $(SANITIZE_CFLAGS) -std=c11 $(WARNINGS) -IInclude -o $(OUT)/$$check-asan Tests/C/$$check.c \
	    -L$(LIB_OUT) -lndischimney -Wl,-rpath,$(CURDIR)/$(LIB_OUT) || exit 1; \
	  UBSAN_OPTIONS=halt_on_error=1 $(OUT)/$$check-asan || exit 1; \
	done

# --- install -----------------------------------------------------------------

install: library tool
	install -d $(DESTDIR)$(includedir) $(DESTDIR)$(libdir)/pkgconfig $(DESTDIR)$(bindir)
	install -m 0644 $(HEADERS) $(DESTDIR)$(includedir)/
	install -m 0755 $(LIB_OUT)/libndischimney.so.$(VERSION) $(DESTDIR)$(libdir)/
	ln -sf libndischimney.so.$(VERSION) $(DESTDIR)$(libdir)/libndischimney.so.$(SOVERSION)
	ln -sf libndischimney.so.$(SOVERSION) $(DESTDIR)$(libdir)/libndischimney.so
	install -m 0644 $(LIB_OUT)/libndischimney.a $(DESTDIR)$(libdir)/
	install -m 0755 $(SWIFT_BIN)/ndis-chimney $(DESTDIR)$(bindir)/
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(libdir)|' -e 's|@VERSION@|$(VERSION)|' \
	  ndischimney.pc.in > $(DESTDIR)$(libdir)/pkgconfig/ndischimney.pc

uninstall:
	rm -rf $(DESTDIR)$(includedir)
	rm -f $(DESTDIR)$(libdir)/libndischimney.so $(DESTDIR)$(libdir)/libndischimney.so.$(SOVERSION) \
	  $(DESTDIR)$(libdir)/libndischimney.so.$(VERSION) $(DESTDIR)$(libdir)/libndischimney.a \
	  $(DESTDIR)$(libdir)/pkgconfig/ndischimney.pc
	rm -f $(DESTDIR)$(bindir)/ndis-chimney

clean:
	rm -rf $(OUT) .build .build-fuzz .build-address .build-thread .build-bench Benchmarks/.build
