# Build and install sendcheck with its shell completions.
#
#   make                      # release build
#   make install              # to /usr/local (PREFIX=/opt/sendcheck, DESTDIR=... for packaging)
#   make uninstall
#   make test                 # the README's test command
#
# SENDCHECK_BIN=path installs an existing binary instead of building one (the tests use it).

PREFIX ?= /usr/local
DESTDIR ?=
BINDIR = $(DESTDIR)$(PREFIX)/bin
BASH_COMPLETION_DIR = $(DESTDIR)$(PREFIX)/share/bash-completion/completions
ZSH_COMPLETION_DIR = $(DESTDIR)$(PREFIX)/share/zsh/site-functions
FISH_COMPLETION_DIR = $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d

.PHONY: all build install uninstall test

all: build

build:
	swift build -c release --traits Alerts --product sendcheck

ifeq ($(SENDCHECK_BIN),)
install: build
install: SENDCHECK_BIN = $(shell swift build -c release --traits Alerts --show-bin-path)/sendcheck
endif

install:
	install -d "$(BINDIR)" "$(BASH_COMPLETION_DIR)" "$(ZSH_COMPLETION_DIR)" "$(FISH_COMPLETION_DIR)"
	install -m 0755 "$(SENDCHECK_BIN)" "$(BINDIR)/sendcheck"
	"$(BINDIR)/sendcheck" --generate-completion-script bash > "$(BASH_COMPLETION_DIR)/sendcheck"
	"$(BINDIR)/sendcheck" --generate-completion-script zsh > "$(ZSH_COMPLETION_DIR)/_sendcheck"
	"$(BINDIR)/sendcheck" --generate-completion-script fish > "$(FISH_COMPLETION_DIR)/sendcheck.fish"
	@echo "installed $$("$(BINDIR)/sendcheck" --version) in $(BINDIR)"

uninstall:
	rm -f "$(BINDIR)/sendcheck" "$(BASH_COMPLETION_DIR)/sendcheck" "$(ZSH_COMPLETION_DIR)/_sendcheck" "$(FISH_COMPLETION_DIR)/sendcheck.fish"

test:
	swift test --traits Alerts
