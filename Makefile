# Greenlight: `make test` runs every test; `go run ./cmd/greenlight demo` runs the demo.
TOOLS ?= $(HOME)/.cache/greenlight-tools
export GREENLIGHT_TOOLS := $(TOOLS)

.PHONY: test tools bench demo lint

# Every test, including the ones that check Greenlight's signatures with the real cosign CLI.
test: tools
	GREENLIGHT_REQUIRE_TOOLS=1 go test -count=1 -timeout 20m ./...

# Tools the tests and benchmarks use, built once from the Go module proxy and cached in $(TOOLS).
tools:
	@./.ci/tools.sh

demo:
	go run ./cmd/greenlight demo

bench: tools
	./bench/run.sh

lint:
	gofmt -l . | tee /dev/stderr | (! read)
	go vet ./...
