# NdisChimney: build, test and install.
#
# Targets:
#   make                 build libndischimney.so (for C callers) and ndis-chimney
#   make test            every check: C layout checks, C++ compile, abi-check,
#                        the installed-header check, Docs/Layout.md freshness,
#                        and `swift test`
#   make abi-check       compile the header for every Windows (and a few other)
#                        targets with the toolchain's clang
#   make docs            regenerate the generated part of Docs/Layout.md
#   make bench-instructions
#                        callgrind instructions (and malloc/retain/release/
#                        beginAccess calls) per dispatch, C baselines beside
#                        every path (Docs/Performance.md)
#   make bench           package-benchmark wall time and mallocs per path
#   make install         install the headers, libndischimney.so and ndischimney.pc
#                        under $(DESTDIR)$(PREFIX)
#   make uninstall       remove what install installed
#   make clean           remove build products
#
# Variables (override on the command line, e.g. `make install PREFIX=$HOME/.local`):
#   SWIFT=swift  CC=cc  CXX=c++  CLANG=<the toolchain's clang>
#   CFLAGS  CXXFLAGS  PREFIX=/usr/local  DESTDIR=  CONFIGURATION=release

SWIFT ?= swift
CC ?= cc
CXX ?= c++
TOOLCHAIN_BIN := $(dir $(shell command -v $(SWIFT)))
CLANG ?= $(TOOLCHAIN_BIN)clang
CFLAGS ?= -O2 -g
CXXFLAGS ?= -O2 -g
WARNINGS := -Wall -Wextra -Werror
PREFIX ?= /usr/local
DESTDIR ?=
CONFIGURATION ?= release
VERSION := 0.1.0

includedir := $(PREFIX)/include/ndischimney
libdir := $(PREFIX)/lib
OUT := out
SWIFT_BIN = $(shell $(SWIFT) build -c $(CONFIGURATION) --show-bin-path)
HEADERS := $(wildcard Include/*.h)

.PHONY: all library tool test c-test swift-test abi-check docs docs-check install-check \
        install uninstall clean bench bench-instructions

all: library tool

library:
	$(SWIFT) build -c $(CONFIGURATION) --product ndischimney

tool:
	$(SWIFT) build -c $(CONFIGURATION) --product ndis-chimney

# --- tests -------------------------------------------------------------------

test: c-test abi-check install-check docs-check swift-test

$(OUT):
	mkdir -p $(OUT)

$(OUT)/layout_check: Tests/C/layout_check.c Tests/C/check.h $(HEADERS) | $(OUT)
	$(CC) $(CFLAGS) -std=c11 $(WARNINGS) -IInclude -o $@ Tests/C/layout_check.c

$(OUT)/cxx_compile: Tests/C/cxx_compile.cpp $(HEADERS) | $(OUT)
	$(CXX) $(CXXFLAGS) -std=c++11 $(WARNINGS) -IInclude -o $@ Tests/C/cxx_compile.cpp

c-test: $(OUT)/layout_check $(OUT)/cxx_compile
	$(OUT)/layout_check
	$(OUT)/cxx_compile && echo "cxx_compile: 1 passed, 0 failed"

abi-check:
	Tests/C/abi-check.sh $(CLANG)

# Installs into a scratch prefix and builds a C program with nothing but the
# installed header and `pkg-config --cflags --libs ndischimney`.
install-check: library | $(OUT)
	rm -rf $(OUT)/prefix
	$(MAKE) --no-print-directory install PREFIX=$(CURDIR)/$(OUT)/prefix DESTDIR=
	PKG_CONFIG_PATH=$(CURDIR)/$(OUT)/prefix/lib/pkgconfig \
	  Tests/C/install-check.sh $(CC) $(OUT)

swift-test:
	$(SWIFT) test

# Docs/Layout.md carries the CLI's markdown between two markers; docs-check
# fails when the committed text differs from what the CLI prints now.
LAYOUT_DOC := Docs/Layout.md
LAYOUT_ARGS := layout --abi x86 --abi x64 --markdown

docs: tool
	Tests/docs-region.sh write $(LAYOUT_DOC) $(SWIFT_BIN)/ndis-chimney $(LAYOUT_ARGS)

docs-check: tool
	Tests/docs-region.sh check $(LAYOUT_DOC) $(SWIFT_BIN)/ndis-chimney $(LAYOUT_ARGS)

# --- benchmarks (never part of `make test`) -----------------------------------

BENCH_DISPATCHES ?= 102400

# callgrind cannot read the DWARF 5 the toolchain emits, so it measures a copy
# with the debug information stripped.
bench-instructions: | $(OUT)
	$(SWIFT) build -c release --package-path Benchmarks --product dispatch-instructions
	cp "$$($(SWIFT) build -c release --package-path Benchmarks --show-bin-path)/dispatch-instructions" \
	  $(OUT)/dispatch-instructions
	strip --strip-debug $(OUT)/dispatch-instructions
	Benchmarks/bench-instructions.sh $(OUT)/dispatch-instructions $(BENCH_DISPATCHES)

bench:
	cd Benchmarks && $(SWIFT) package --disable-sandbox benchmark

# --- install -----------------------------------------------------------------

install: library
	install -d $(DESTDIR)$(includedir) $(DESTDIR)$(libdir)/pkgconfig
	install -m 0644 $(HEADERS) $(DESTDIR)$(includedir)/
	install -m 0755 $(SWIFT_BIN)/libndischimney.so $(DESTDIR)$(libdir)/
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(libdir)|' -e 's|@VERSION@|$(VERSION)|' \
	  ndischimney.pc.in > $(DESTDIR)$(libdir)/pkgconfig/ndischimney.pc

uninstall:
	rm -rf $(DESTDIR)$(includedir)
	rm -f $(DESTDIR)$(libdir)/libndischimney.so $(DESTDIR)$(libdir)/pkgconfig/ndischimney.pc

clean:
	rm -rf $(OUT) .build Benchmarks/.build
