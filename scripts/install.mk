# SPDX-License-Identifier: GPL-2.0-only
# The conventions of a C tool, included at the end of the Makefile (after the
# rules it refers to): `rbsim --version`'s git description, make install and
# make uninstall, and the tests of tests/cli/ that check them.

# ---- --version: the release and the tree's git description, as -D defines of
# sim/main.o; $(OUTPUT)/.version remembers them, so main.o is rebuilt when the
# description changes (a commit, a tree made dirty or clean again) ----
RBSIM_VERSION := 0.1
ifeq ($(origin RBSIM_GIT),undefined)
RBSIM_GIT := $(shell scripts/git-version.sh $(CURDIR))
endif
VERSION_STAMP := $(OUTPUT)/.version
ifneq ($(file <$(VERSION_STAMP)),$(RBSIM_VERSION) $(RBSIM_GIT))
$(shell mkdir -p $(OUTPUT))
$(file >$(VERSION_STAMP),$(RBSIM_VERSION) $(RBSIM_GIT))
endif
$(VERSION_STAMP):
$(OUTPUT)/sim/main.o: $(VERSION_STAMP)
$(OUTPUT)/sim/main.o: CFLAGS += -DRBSIM_VERSION='"$(RBSIM_VERSION)"' -DRBSIM_GIT='"$(RBSIM_GIT)"'

# ---- what the tests of --version and make install (tests/cli/) need ----
$(OUTPUT)/tests/cli/test_conventions.o $(OUTPUT)/tests/cli/test_install.o: $(VERSION_STAMP)
$(OUTPUT)/tests/cli/test_conventions.o $(OUTPUT)/tests/cli/test_install.o: \
	CFLAGS += -DRBSIM_VERSION='"$(RBSIM_VERSION)"'
# a program linked with this build's librbsim.a needs its sanitizers
$(OUTPUT)/tests/cli/test_install.o: CFLAGS += -DRBSIM_SAN='"$(strip $(SAN))"'

# the command-line variables of the last build in $(OUTPUT) (ASAN=1, OUTPUT=...): the
# make install of tests/cli/test_install.c gives them again, so it finds this build as
# it is instead of rebuilding it with other flags under the tests that run it
OVERRIDES_STAMP := $(OUTPUT)/.make-overrides
ifeq ($(filter install uninstall,$(MAKECMDGOALS)),)
ifneq ($(file <$(OVERRIDES_STAMP)),$(MAKEOVERRIDES))
$(shell mkdir -p $(OUTPUT))
$(file >$(OVERRIDES_STAMP),$(MAKEOVERRIDES))
endif
endif

# ---- make install, make uninstall: PREFIX (default /usr/local) and DESTDIR as
# usual; BINDIR, LIBDIR, INCLUDEDIR, PKGCONFIGDIR, MANDIR and BASHCOMPDIR may be
# set one by one ----
PREFIX ?= /usr/local
DESTDIR ?=
BINDIR ?= $(PREFIX)/bin
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
MANDIR ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
INSTALL ?= install

# the public headers; the ones they include go with them, as the compiler finds them
# (-MM: quoted includes only), so a header a public one starts to include is not forgotten
RBSIM_HEADERS := ringbuf/ringbuf.h ringbuf/consumer.h ringbuf/perfbuf.h
HEADER_CLOSURE = $$($(CC) -MM -I. $(RBSIM_HEADERS) | tr -s ' \\' '\n\n' | grep '\.h$$' | sort -u)

# rbsim.pc: paths under PREFIX written relative to it, as pkg-config files do
PC_SUBST := -e 's|@PREFIX@|$(PREFIX)|' \
	-e 's|@LIBDIR@|$(patsubst $(PREFIX)/%,$${exec_prefix}/%,$(LIBDIR))|' \
	-e 's|@INCLUDEDIR@|$(patsubst $(PREFIX)/%,$${prefix}/%,$(INCLUDEDIR))|' \
	-e 's|@VERSION@|$(RBSIM_VERSION)|'

.PHONY: install uninstall
install: all
	$(call msg,INSTALL,$(DESTDIR)$(PREFIX))
	$(Q)$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR) $(DESTDIR)$(INCLUDEDIR)/rbsim \
		$(DESTDIR)$(PKGCONFIGDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(BASHCOMPDIR)
	$(Q)$(INSTALL) -m 755 $(RBSIM) $(DESTDIR)$(BINDIR)/rbsim
	$(Q)$(INSTALL) -m 644 $(LIB) $(DESTDIR)$(LIBDIR)/librbsim.a
	$(Q)$(INSTALL) -m 644 $(HEADER_CLOSURE) $(DESTDIR)$(INCLUDEDIR)/rbsim/
	$(Q)sed $(PC_SUBST) -e '/^#/d' ringbuf/rbsim.pc.in >$(DESTDIR)$(PKGCONFIGDIR)/rbsim.pc
	$(Q)chmod 644 $(DESTDIR)$(PKGCONFIGDIR)/rbsim.pc
	$(Q)$(INSTALL) -m 644 sim/rbsim.1 $(DESTDIR)$(MANDIR)/man1/rbsim.1
	$(Q)$(INSTALL) -m 644 sim/rbsim.bash $(DESTDIR)$(BASHCOMPDIR)/rbsim

uninstall:
	$(call msg,UNINSTALL,$(DESTDIR)$(PREFIX))
	$(Q)rm -f $(DESTDIR)$(BINDIR)/rbsim $(DESTDIR)$(LIBDIR)/librbsim.a \
		$(DESTDIR)$(PKGCONFIGDIR)/rbsim.pc $(DESTDIR)$(MANDIR)/man1/rbsim.1 \
		$(DESTDIR)$(BASHCOMPDIR)/rbsim
	$(Q)rm -rf $(DESTDIR)$(INCLUDEDIR)/rbsim
